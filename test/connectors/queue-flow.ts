import path from 'node:path';
import Database from 'better-sqlite3';
import { sqlite } from '../../src/connectors/sqlite/sqlite.js';
import { sqliteConfig } from '../../src/connectors/sqlite/sqlite-config.js';
import type { Source } from '../../src/core/connector.js';
import { runFlow } from '../../src/engine/run-flow.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { RunRecord, StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { testFlow } from '../support/test-flow.js';

/**
 * A real run of a queue source into a real SQLite table (`items (id, name)`) with the real
 * state store, to test what only the engine and the broker together show: messages are
 * acknowledged after the commit, redelivered after a failed one, dead-lettered when unreadable.
 */
export interface QueueFlowBench {
  /** Runs the flow once; `failCommit` makes the store fail the first batch commit (a crash before it). */
  run(openSource: () => Promise<Source>, options?: { readonly failCommit?: boolean }): Promise<RunRecord>;
  /** Rows in the target table, by id. */
  rows(): { id: number; name: string }[];
  readonly store: StateStore;
  close(): Promise<void>;
}

export async function queueFlowBench(batchSize = 2): Promise<QueueFlowBench> {
  const work = makeTempDir('queue-flow');
  const dbPath = path.join(work.dir, 'target.db');
  const db = new Database(dbPath);
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)');
  const store = await openSqliteStore(path.join(work.dir, 'state.db'));
  const flow = testFlow(
    'queue-in',
    [
      { from: 'id', to: 'id' },
      { from: 'name', to: 'name' },
    ],
    { batchSize, retry: { attempts: 1, backoff: 'fixed', delayMs: 10, maxDelayMs: 10 } },
  );
  const target = () =>
    sqlite.target?.open(
      { system: 'db', config: sqliteConfig.parse({ path: dbPath }), baseDir: work.dir },
      { options: { table: 'items' }, key: ['id'], mode: 'upsert', resume: undefined },
    ) ?? Promise.reject(new Error('no sqlite target'));

  return {
    store,
    run(openSource, options = {}) {
      let failed = false;
      const failing: StateStore = {
        ...store,
        commitBatch: async (commit) => {
          if (options.failCommit && !failed) {
            failed = true;
            throw new Error('simulated crash before the commit');
          }
          await store.commitBatch(commit);
        },
      };
      return runFlow({ flow, store: failing, endpoints: { openSource, openTarget: target } });
    },
    rows: () => db.prepare('SELECT id, name FROM items ORDER BY id').all() as { id: number; name: string }[],
    async close() {
      db.close();
      await store.close();
      work.remove();
    },
  };
}
