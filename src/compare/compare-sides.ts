import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { decodePayload, encodePayload } from '../core/encode-payload.js';
import type { Row } from '../core/row.js';
import { keyText } from '../engine/key-text.js';

export type Side = 'fresh' | 'baseline';

/** One key's rows on each side; undefined where that side has none. */
export interface KeyPair {
  readonly key: string;
  readonly fresh: Row | undefined;
  readonly baseline: Row | undefined;
}

export interface CompareSides {
  /** Adds rows of one side; returns how many had a key already seen on that side (kept: the first). */
  add(side: Side, rows: readonly Row[]): number;
  /** Every key of either side once, in key order, read from disk as it goes. */
  pairs(): IterableIterator<KeyPair>;
  close(): void;
}

/**
 * Both sides of a compare, spilled to a temporary SQLite file keyed by the record key, so a
 * compare of millions of rows runs in the memory of one batch: neither side has to arrive in
 * key order (the new output comes in source order, keyed by the target's key). The limit is
 * the free disk space of the temp folder, about the size of both sides as JSON.
 */
export function openCompareSides(key: readonly string[], tempRoot = os.tmpdir()): CompareSides {
  const dir = mkdtempSync(path.join(tempRoot, 'syncline-compare-'));
  const db = new Database(path.join(dir, 'sides.db'));
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(`CREATE TABLE fresh (key TEXT PRIMARY KEY, row TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE baseline (key TEXT PRIMARY KEY, row TEXT NOT NULL) WITHOUT ROWID;`);
  const insert = {
    fresh: db.prepare<[string, string]>('INSERT OR IGNORE INTO fresh (key, row) VALUES (?, ?)'),
    baseline: db.prepare<[string, string]>('INSERT OR IGNORE INTO baseline (key, row) VALUES (?, ?)'),
  };
  const addRows = db.transaction((side: Side, rows: readonly Row[]): number => {
    let duplicates = 0;
    for (const row of rows) {
      const added = insert[side].run(keyText(row, key), JSON.stringify(encodePayload(row))).changes;
      if (added === 0) duplicates++;
    }
    return duplicates;
  });
  const join = db.prepare<[], { key: string; fresh: string | null; baseline: string | null }>(
    `SELECT k.key, f.row AS fresh, b.row AS baseline
     FROM (SELECT key FROM fresh UNION SELECT key FROM baseline) k
     LEFT JOIN fresh f ON f.key = k.key LEFT JOIN baseline b ON b.key = k.key
     ORDER BY k.key`,
  );
  return {
    add: (side, rows) => addRows(side, rows),
    *pairs() {
      for (const row of join.iterate()) {
        yield {
          key: row.key,
          fresh: row.fresh === null ? undefined : decodePayload(JSON.parse(row.fresh)),
          baseline: row.baseline === null ? undefined : decodePayload(JSON.parse(row.baseline)),
        };
      }
    },
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
