import { expect } from 'vitest';
import type { Source, Target } from '../../src/core/connector.js';
import type { Batch, Row } from '../../src/core/row.js';
import { expectResumeFromEveryBoundary, never } from './helpers.js';

/**
 * Expectations the SQL connectors' own tests (sqlite, mysql) share word for word: each test
 * creates and seeds its table in its own SQL, then hands the opened source or target here.
 * The conformance suite (test/conformance) covers the contract at large; these pin the
 * connectors' exact checkpoints and messages.
 */

/** Every row of the batches, in order. */
export const rowsOf = (batches: readonly Pick<Batch, 'rows'>[]): Row[] => batches.flatMap((b) => b.rows);

/**
 * A source over `lines (order_id, line, sku, PRIMARY KEY (order_id, line))` holding orders 1-5
 * with lines 1-3 each, inserted in reverse and read in batches of 3: it pages in key order,
 * resumes from every boundary, and checkpoints the composite key. The source is left open.
 */
export async function expectPagedByCompositeKey(source: Source): Promise<void> {
  expect(source.incremental).toBe(false);
  const batches = await expectResumeFromEveryBoundary(source);
  expect(batches.map((b) => b.rows.length)).toEqual([3, 3, 3, 3, 3]);
  const rows = rowsOf(batches);
  expect(rows[0]).toEqual({ order_id: 1, line: 1, sku: 'sku-1-1' });
  expect(rows.map((r) => `${r.order_id}/${r.line}`)).toEqual(
    [1, 2, 3, 4, 5].flatMap((o) => [1, 2, 3].map((l) => `${o}/${l}`)),
  );
  expect(batches[0]?.checkpoint).toEqual({
    table: 'lines',
    keyColumns: ['order_id', 'line'],
    cursorColumn: null,
    key: [1, 3],
  });
}

/**
 * An upsert target by `id` on a table `(id, name, n)` holding only `(2, 'old', 0)`: the same
 * batch written twice leaves the same table, which holds exactly the batch. `readTable` reads
 * the table ordered by id. The target is left open.
 */
export async function expectIdempotentUpsert(
  target: Target,
  readTable: () => Promise<unknown> | unknown,
): Promise<void> {
  const rows = [
    { id: 1, name: 'Ann', n: 1 },
    { id: 2, name: 'Bob', n: 2 },
    { id: 3, name: 'Cy', n: 3 },
  ];
  expect(await target.write({ rows, key: ['id'], mode: 'upsert' }, never)).toEqual({
    written: 3,
    rejected: [],
  });
  const once = await readTable();
  expect(await target.write({ rows, key: ['id'], mode: 'upsert' }, never)).toEqual({
    written: 3,
    rejected: [],
  });
  expect(await readTable()).toEqual(once);
  expect(once).toEqual(rows);
}

/**
 * An upsert target by `id` on a table `(id, name)`: a batch whose second row carries `nam`
 * and `zzz` is refused as a whole, naming both fields (with a suggestion for the typo). The
 * caller checks the table is still empty; the target is left open.
 */
export async function expectUnknownFieldsRefused(target: Target): Promise<void> {
  await expect(
    target.write(
      {
        rows: [
          { id: 1, name: 'a' },
          { id: 2, nam: 'b', zzz: 1 },
        ],
        key: ['id'],
        mode: 'upsert',
      },
      never,
    ),
  ).rejects.toMatchObject({
    kind: 'config',
    code: 'column-not-found',
    message: expect.stringContaining('columns "nam" (did you mean "name"?), "zzz" not found'),
  });
}
