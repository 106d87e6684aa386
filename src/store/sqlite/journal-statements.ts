import type Database from 'better-sqlite3';
import type { JsonValue } from '../../core/row.js';
import type { JournalEntry, NewJournalEntry } from '../state-store.js';
import { formatId } from './store-ids.js';

interface JournalRow {
  seq: number;
  run_seq: number;
  flow: string;
  key: string;
  before: string | null;
  after: string | null;
}

/** The journal table's statements, prepared once per store. */
export function journalStatements(db: Database.Database) {
  const insert = db.prepare<[number, string, string, string | null, string | null, string]>(
    'INSERT INTO journal (run_seq, flow, key, before, after, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const oldestFirst = db.prepare<[number, number, number], JournalRow>(
    'SELECT * FROM journal WHERE run_seq = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const newestFirst = db.prepare<[number, number, number], JournalRow>(
    'SELECT * FROM journal WHERE run_seq = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const byPosition = db.prepare<[number, number, number], JournalRow>(
    'SELECT * FROM journal WHERE run_seq = ? ORDER BY seq LIMIT ? OFFSET ?',
  );
  const count = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM journal WHERE run_seq = ?');
  const prune = db.prepare<[string, string]>(
    'DELETE FROM journal WHERE flow = ? AND run_seq IN (SELECT seq FROM runs WHERE started_at < ?)',
  );
  return {
    append(runSeq: number, flow: string, entries: readonly NewJournalEntry[], at: string): void {
      for (const entry of entries) {
        insert.run(runSeq, flow, JSON.stringify(entry.key), text(entry.before), text(entry.after), at);
      }
    },
    read(
      runSeq: number,
      page: { after?: number | undefined; limit: number; newestFirst?: boolean; offset?: number | undefined },
    ): JournalEntry[] {
      const rows = page.newestFirst
        ? newestFirst.all(runSeq, page.after ?? Number.MAX_SAFE_INTEGER, page.limit)
        : page.offset !== undefined
          ? byPosition.all(runSeq, page.limit, page.offset)
          : oldestFirst.all(runSeq, page.after ?? 0, page.limit);
      return rows.map((row) => ({
        seq: row.seq,
        runId: formatId('run', row.run_seq),
        flow: row.flow,
        key: JSON.parse(row.key) as JsonValue,
        before: row.before === null ? null : (JSON.parse(row.before) as JsonValue),
        after: row.after === null ? null : (JSON.parse(row.after) as JsonValue),
      }));
    },
    count(runSeq: number): number {
      return count.get(runSeq)?.n ?? 0;
    },
    prune(flow: string, before: string): number {
      return prune.run(flow, before).changes;
    },
  };
}

function text(value: JsonValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
