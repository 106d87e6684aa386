import path from 'node:path';
import Database from 'better-sqlite3';
import type { ServerTables } from './rollback-tables.js';
import { makeTempDir } from './temp-dir.js';

/**
 * The rollback tables of rollback-tables.ts in an SQLite file of their own: source `items` with
 * ids 11..40, target `items_copy` holding ids 1..20 with other content and a column of its own
 * (`note`). Seeded and dumped with better-sqlite3 directly, never through syncline.
 */
export async function sqliteTables(): Promise<ServerTables> {
  const folder = makeTempDir('sqlite-tables');
  const file = path.join(folder.dir, 'tables.db');
  const db = new Database(file);
  const columns = 'id INTEGER PRIMARY KEY, name TEXT, amount TEXT, active INTEGER, updated_at TEXT';
  db.exec(`CREATE TABLE items (${columns});
    CREATE TABLE items_copy (${columns}, note TEXT);
    WITH RECURSIVE g(n) AS (SELECT 11 UNION ALL SELECT n + 1 FROM g WHERE n < 40)
      INSERT INTO items SELECT n, 'Item ' || n, (n + 0.5) || '0', n % 2 = 0,
        '2026-01-01T00:00:' || printf('%02d', n) || '.123456Z' FROM g;
    WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 20)
      INSERT INTO items_copy SELECT n, 'Old ' || n, (n + 0.99) || '', CASE WHEN n % 3 = 0 THEN NULL ELSE n % 2 END,
        '2025-06-01T12:' || printf('%02d', n) || ':00.000001Z', 'keep ' || n FROM g`);
  return {
    connection: `{ path: ${JSON.stringify(file)} }`,
    async dumpTarget() {
      return db.prepare('SELECT * FROM items_copy ORDER BY id').raw().all() as unknown[][];
    },
    async changeSource() {
      db.exec(`UPDATE items SET name = name || ' (changed)' WHERE id <= 15`);
    },
    async exec(sql) {
      db.exec(sql);
    },
    async close() {
      db.close();
      folder.remove();
    },
  };
}
