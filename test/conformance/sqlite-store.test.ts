import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isSqliteBusy, toSqliteError } from '../../src/connectors/sqlite/sqlite-error.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { describeStateStore } from './state-store.suite.js';

// Lives under test/ rather than beside the store: tsconfig's rootDir is src/, so a file in
// src/ cannot import the shared suite from test/.
const root = mkdtempSync(join(tmpdir(), 'syncline-store-'));
let count = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStateStore('sqlite', () => openSqliteStore(join(root, `case-${++count}`, 'state.db')));

describe('sqlite state store', () => {
  it('creates the folder, migrates once, and keeps data across reopen', async () => {
    const path = join(root, 'nested', 'deeper', 'state.db');
    const store = await openSqliteStore(path);
    const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
    expect(run.id).toBe('run-000001');
    await store.close();
    const again = await openSqliteStore(path);
    expect((await again.getRun(run.id))?.flow).toBe('orders');
    await again.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database from a newer syncline', async () => {
    const path = join(root, 'newer', 'state.db');
    await (await openSqliteStore(path)).close();
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    await expect(openSqliteStore(path)).rejects.toMatchObject({ code: 'store-too-new' });
  });

  it('reports a lock held too long as transient store-busy, by the shared classifier', async () => {
    const path = join(root, 'busy', 'state.db');
    const store = await openSqliteStore(path, { busyTimeout: 0 });
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z')).rejects.toMatchObject({
        kind: 'transient',
        code: 'store-busy',
      });
      const other = new Database(path, { timeout: 0 });
      let raw: unknown;
      try {
        other.exec('BEGIN IMMEDIATE');
      } catch (error) {
        raw = error;
      } finally {
        other.close();
      }
      expect(isSqliteBusy(raw)).toBe(true);
      expect(toSqliteError(raw, 'x', 'write').code).toBe('sqlite-busy');
      expect(isSqliteBusy(new Error('SQLITE_BUSY'))).toBe(false);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      await store.close();
    }
  });

  it('names dead letters dl-NNNNNN', async () => {
    const store = await openSqliteStore(join(root, 'ids', 'state.db'));
    const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
    await store.commitBatch({
      flow: 'orders',
      runId: run.id,
      at: '2024-01-01T00:00:00.000Z',
      checkpoint: undefined,
      deadLetters: [
        { flow: 'orders', runId: run.id, stage: 'map', code: 'x', message: 'x', payload: {}, attempts: 1 },
      ],
      counts: { read: 1, written: 0, deadLettered: 1, warnings: 0 },
    });
    expect((await store.listDeadLetters())[0]?.id).toBe('dl-000001');
    await store.close();
  });
});
