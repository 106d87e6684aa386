import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pairSpec } from '../support/crash-harness.js';

/**
 * A backfill scenario on real SQLite files: `src.db` table items (id, name, email, amount,
 * updated_at) filled by a recursive CTE (a million rows in seconds), `dst.db` table
 * items_copy, and flow `copy` trimming name and trimming and lower-casing email. The checks
 * here are SQL and hashing of their own, never syncline code; the spec is the crash tests' own
 * (support/crash-harness.ts pairSpec) with a backfill chunk.
 */

export function seedPair(dir: string, rows: number): { spec: string; source: string; target: string } {
  const source = path.join(dir, 'src.db');
  const target = path.join(dir, 'dst.db');
  const src = new Database(source);
  src.exec(
    'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, amount TEXT, updated_at TEXT)',
  );
  src
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO items SELECT i, ' Name ' || i || ' ', ' User' || i || '@Example.COM ',
         (i % 1000) || '.' || printf('%02d', i % 100),
         strftime('%Y-%m-%dT%H:%M:%S', 1767225600 + i / 7, 'unixepoch') FROM n`,
    )
    .run(rows);
  src.close();
  const dst = new Database(target);
  dst.exec(
    'CREATE TABLE items_copy (id INTEGER PRIMARY KEY, name TEXT, email TEXT, amount TEXT, updated_at TEXT)',
  );
  dst.close();
  const spec = path.join(dir, 'syncline.yaml');
  // The crash tests' flow `copy`, read in chunks for a backfill.
  const systems = `    src: { kind: sqlite, connection: { path: src.db } }
    dst: { kind: sqlite, connection: { path: dst.db } }`;
  writeFileSync(spec, pairSpec({ systems }, 1000, '    backfill: { chunk: 20000 }\n'));
  return { spec, source, target };
}

export function countRows(target: string): number {
  const db = new Database(target, { readonly: true, timeout: 5000 });
  try {
    return (db.prepare('SELECT count(*) AS n FROM items_copy').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export interface TargetCheck {
  readonly rows: number;
  readonly distinctKeys: number;
  /** Target rows equal, column by column, to their source row as the flow maps it. */
  readonly matching: number;
  /** sha256 over the target rows in key order, and over the source rows mapped in JavaScript. */
  readonly targetChecksum: string;
  readonly expectedChecksum: string;
}

/** The independent check: key count, a join on the mapped content, and a streamed checksum each side. */
export function checkTarget(source: string, target: string): TargetCheck {
  const db = new Database(target, { readonly: true });
  try {
    db.prepare('ATTACH DATABASE ? AS src').run(source);
    const counts = db
      .prepare('SELECT count(*) AS rows, count(DISTINCT id) AS distinctKeys FROM items_copy')
      .get() as { rows: number; distinctKeys: number };
    const { matching } = db
      .prepare(
        `SELECT count(*) AS matching FROM items_copy d JOIN src.items s ON s.id = d.id
         WHERE d.name = trim(s.name) AND d.email = lower(trim(s.email)) AND d.amount = s.amount
           AND d.updated_at = s.updated_at`,
      )
      .get() as { matching: number };
    const targetHash = createHash('sha256');
    for (const row of db
      .prepare('SELECT id, name, email, amount, updated_at FROM items_copy ORDER BY id')
      .raw()
      .iterate()) {
      targetHash.update(`${JSON.stringify(row)}\n`);
    }
    const expectedHash = createHash('sha256');
    for (const row of db
      .prepare('SELECT id, name, email, amount, updated_at FROM src.items ORDER BY id')
      .raw()
      .iterate()) {
      const [id, name, email, amount, updatedAt] = row as [number, string, string, string, string];
      expectedHash.update(
        `${JSON.stringify([id, name.trim(), email.trim().toLowerCase(), amount, updatedAt])}\n`,
      );
    }
    return {
      ...counts,
      matching,
      targetChecksum: targetHash.digest('hex'),
      expectedChecksum: expectedHash.digest('hex'),
    };
  } finally {
    db.close();
  }
}

/** Rows of the state store, read straight from its file. */
export function stateRows<T>(dir: string, sql: string): T[] {
  const db = new Database(path.join(dir, '.syncline', 'state.db'), { readonly: true, timeout: 5000 });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
