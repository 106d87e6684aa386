import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysql } from '../../src/connectors/mysql/mysql.js';
import { sqlite } from '../../src/connectors/sqlite/sqlite.js';
import type { ColumnRange } from '../../src/core/column-range.js';
import type { Source } from '../../src/core/connector.js';
import { splitKeyRange } from '../../src/engine/backfill/split-range.js';
import { createTestDatabase, type TestDatabase } from '../connectors/mysql-test-database.js';
import { usePostgresSchema } from '../connectors/postgres-helpers.js';

/**
 * The backfill source contract (rangeBounds, readRange) on Chinook's invoices in SQLite,
 * PostgreSQL and MariaDB: chunks cut from the key's bounds hand over every invoice exactly
 * once, and a date window holds what SQL on the original file says it holds.
 */

const chinook = path.resolve('examples/datasets/chinook/Chinook_Sqlite.sqlite');
const original = new Database(chinook, { readonly: true });
const invoices = original
  .prepare('SELECT InvoiceId AS id, InvoiceDate AS date, Total AS total FROM Invoice ORDER BY InvoiceId')
  .all() as { id: number; date: string; total: number }[];
const in2010 = (
  original
    .prepare(
      "SELECT InvoiceId AS id FROM Invoice WHERE InvoiceDate >= '2010-01-01' AND InvoiceDate < '2011-01-01'",
    )
    .all() as { id: number }[]
).map((row) => row.id);
original.close();
const window: ColumnRange = { column: 'InvoiceDate', from: '2010-01-01', to: '2011-01-01' };
const signal = new AbortController().signal;

async function idsOf(
  read:
    | AsyncIterable<{ rows: readonly Record<string, unknown>[] }>
    | Iterable<{ rows: readonly Record<string, unknown>[] }>,
): Promise<number[]> {
  const ids: number[] = [];
  for await (const batch of read) ids.push(...batch.rows.map((row) => Number(row.InvoiceId)));
  return ids;
}

async function checkSource(open: () => Promise<Source>): Promise<void> {
  const source = await open();
  try {
    const bounds = await source.rangeBounds?.('InvoiceId', [], signal);
    expect(bounds).toMatchObject({ count: invoices.length });
    expect(Number(bounds?.min)).toBe(1);
    expect(Number(bounds?.max)).toBe(invoices.length);
    const chunks = splitKeyRange('InvoiceId', bounds?.min, bounds?.max, bounds?.count ?? 0, 50);
    const all: number[] = [];
    for (const chunk of chunks) all.push(...(await idsOf(source.readRange?.([chunk], signal) ?? [])));
    expect(all).toEqual(invoices.map((invoice) => invoice.id));

    expect((await source.rangeBounds?.('InvoiceId', [window], signal))?.count).toBe(in2010.length);
    expect(await idsOf(source.readRange?.([window], signal) ?? [])).toEqual(in2010);
    await expect(source.rangeBounds?.('Nope', [], signal)).rejects.toThrow(/Nope/);
  } finally {
    await source.close();
  }
}

describe('readRange and rangeBounds on Chinook invoices', () => {
  it('sqlite', async () => {
    const definition = sqlite.source as NonNullable<typeof sqlite.source>;
    await checkSource(() =>
      definition.open(
        { system: 'chinook', config: sqlite.config.parse({ path: chinook }), baseDir: '.' },
        {
          options: definition.options.parse({ table: 'Invoice', cursor: 'InvoiceDate' }),
          key: ['InvoiceId'],
          batchSize: 7,
        },
      ),
    );
  });

  describe('postgres', () => {
    const pg = usePostgresSchema('backfill_range');
    beforeAll(async () => {
      await pg.sql(
        'CREATE TABLE "Invoice" ("InvoiceId" int PRIMARY KEY, "InvoiceDate" timestamp NOT NULL, "Total" numeric(10,2))',
      );
      for (const invoice of invoices) {
        await pg.sql('INSERT INTO "Invoice" VALUES ($1, $2, $3)', [invoice.id, invoice.date, invoice.total]);
      }
    });
    it('postgres', async () => {
      await checkSource(() => pg.openSource({ table: 'Invoice', cursor: 'InvoiceDate' }, ['InvoiceId'], 7));
    });
  });

  describe('mysql', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
      await db.sql(
        'CREATE TABLE Invoice (InvoiceId INT PRIMARY KEY, InvoiceDate DATETIME NOT NULL, Total DECIMAL(10,2))',
      );
      await db.sql('INSERT INTO Invoice VALUES ?', [
        invoices.map((invoice) => [invoice.id, invoice.date, invoice.total]),
      ]);
    });
    afterAll(async () => db?.drop());
    it('mysql', async () => {
      const definition = mysql.source as NonNullable<typeof mysql.source>;
      await checkSource(() =>
        definition.open(
          { system: 'erp', config: db.config(), baseDir: '.' },
          {
            options: definition.options.parse({ table: 'Invoice', cursor: 'InvoiceDate' }),
            key: ['InvoiceId'],
            batchSize: 7,
          },
        ),
      );
    });
  });
});
