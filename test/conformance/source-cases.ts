import { describe, expect } from 'vitest';
import type { Source } from '../../src/core/connector.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import type { Batch, Checkpoint, Row } from '../../src/core/row.js';
import {
  caseIt,
  comparable,
  cursorValue,
  expectResumeFromEveryBoundary,
  expectSameRows,
  linesRows,
  linesTable,
  peopleRows,
  peopleTable,
  personRow,
  readAll,
  rowsOf,
  tableName,
  throughJson,
  typesRows,
  typesTable,
} from './conformance-data.js';
import type { ConnectorHarness, SourceRequest } from './connector.suite.js';

/** The source half of the connector conformance suite (see connector.suite.ts). */
export function describeSourceCases(harness: ConnectorHarness): void {
  const open = (request: SourceRequest): Promise<Source> => {
    if (!harness.openSource) throw new Error('the harness has no openSource');
    return harness.openSource(request);
  };
  /** Opens, runs the body, and always closes. */
  const withSource = async (request: SourceRequest, body: (source: Source) => Promise<void>) => {
    const source = await open(request);
    try {
      await body(source);
    } finally {
      await source.close();
    }
  };

  describe('source', () => {
    caseIt(harness, 'source-open-close', 'opens, reads an empty table, and closes twice', async () => {
      const table = peopleTable(harness, 'open');
      await harness.createTable(table);
      const source = await open({ table, key: ['id'], batchSize: 10 });
      expect(source.incremental).toBe(false);
      expect(await readAll(source)).toEqual([]);
      await source.close();
      await source.close();
    });

    caseIt(harness, 'source-missing-table', 'refuses a missing table as a config error', async () => {
      const table = { ...peopleTable(harness, 'missing'), name: tableName('never_created') };
      const error = await open({ table, key: ['id'], batchSize: 10 }).then(
        async (source) => {
          await source.close();
          return undefined;
        },
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ kind: 'config', code: 'table-not-found' });
      expect((error as Error).message).toContain(table.name);
    });

    caseIt(
      harness,
      'source-full-read',
      'reads everything in key order and resumes from every batch checkpoint, no gap, no duplicate',
      async () => {
        const table = peopleTable(harness, 'full');
        await harness.createTable(table);
        const rows = peopleRows(harness, [7, 3, 10, 1, 9, 2, 8, 4, 6, 5]);
        await harness.insertRows(table, rows);
        await withSource({ table, key: ['id'], batchSize: 3 }, async (source) => {
          expect(source.incremental).toBe(false);
          const batches = await expectResumeFromEveryBoundary(source, 3);
          expect(batches.map((b) => b.rows.length)).toEqual([3, 3, 3, 1]);
          const read = rowsOf(batches);
          expect(read.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
          expectSameRows(read, rows, ['id']);
          // A full read run again from the start sees the table as it is now.
          await harness.insertRows(table, [personRow(harness, 11, 0)]);
          expect(rowsOf(await readAll(source)).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        });
      },
    );

    caseIt(harness, 'source-composite-key', 'pages by a composite key (text, integer)', async () => {
      const table = linesTable('composite');
      await harness.createTable(table);
      const rows = linesRows();
      await harness.insertRows(table, rows);
      await withSource({ table, key: ['region', 'line'], batchSize: 5 }, async (source) => {
        const read = rowsOf(await expectResumeFromEveryBoundary(source, 5));
        expect(read).toHaveLength(rows.length);
        expectSameRows(read, rows, table.key);
      });
    });

    if (harness.capabilities.incremental) {
      caseIt(
        harness,
        'source-incremental',
        'reads by cursor then key (ties broken by key), resumes from every checkpoint, then sees only changes',
        async () => {
          const table = peopleTable(harness, 'incremental');
          await harness.createTable(table);
          const versions: Record<number, number> = {
            1: 3,
            2: 1,
            3: 3,
            4: 2,
            5: 1,
            6: 3,
            7: 4,
            8: 2,
            9: 4,
            10: 1,
            11: 5,
          };
          const rows = Object.entries(versions).map(([id, v]) => personRow(harness, Number(id), v));
          await harness.insertRows(table, rows);
          const byCursorThenKey = Object.entries(versions)
            .map(([id, v]) => [Number(id), v] as const)
            .sort((a, b) => a[1] - b[1] || a[0] - b[0])
            .map(([id]) => id);
          await withSource({ table, key: ['id'], batchSize: 2, cursor: 'updated_at' }, async (source) => {
            expect(source.incremental).toBe(true);
            const batches = await expectResumeFromEveryBoundary(source, 2);
            const read = rowsOf(batches);
            expect(read.map((r) => r.id)).toEqual(byCursorThenKey);
            expectSameRows(read, rows, ['id']);
            const end = throughJson((batches.at(-1) as Batch).checkpoint);
            expect(await readAll(source, end)).toEqual([]);

            // A new row tied with the last cursor value but a greater key, and an updated row.
            const tied = personRow(harness, 12, 5);
            const updated = personRow(harness, 2, 6, 'renamed');
            await harness.insertRows(table, [tied, updated]);
            const next = rowsOf(await readAll(source, end));
            expect(comparable(next)).toEqual(comparable([tied, updated]));
            expect(updated.updated_at).toEqual(cursorValue(harness, 6));
          });
        },
      );
    }

    caseIt(
      harness,
      'source-abort-resume',
      'stops on abort with the signal reason, then resumes from the last batch checkpoint',
      async () => {
        const table = peopleTable(harness, 'abort');
        await harness.createTable(table);
        await harness.insertRows(table, peopleRows(harness, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        const full: SourceRequest = { table, key: ['id'], batchSize: 3 };
        const requests = harness.capabilities.incremental
          ? [full, { ...full, cursor: 'updated_at' }]
          : [full];
        for (const request of requests) {
          await withSource(request, async (source) => {
            const controller = new AbortController();
            const reason = new Error('shutting down');
            const seen: Row[] = [];
            let last: Checkpoint | undefined;
            const reading = (async () => {
              for await (const batch of source.read(undefined, controller.signal)) {
                seen.push(...batch.rows);
                last = batch.checkpoint;
                if (seen.length === 6) controller.abort(reason);
              }
            })();
            await expect(reading).rejects.toBe(reason);
            expect(seen.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
            const rest = rowsOf(await readAll(source, throughJson(last as Checkpoint)));
            expect(rest.map((r) => r.id)).toEqual([7, 8, 9, 10]);

            // Already aborted: nothing is read.
            const aborted = new AbortController();
            aborted.abort(reason);
            const none: Batch[] = [];
            const early = (async () => {
              for await (const batch of source.read(undefined, aborted.signal)) none.push(batch);
            })();
            await expect(early).rejects.toBe(reason);
            expect(none).toEqual([]);
          });
        }
      },
    );

    caseIt(harness, 'source-types', 'reads every type losslessly (0005)', async () => {
      const table = typesTable(harness, 'source_types');
      await harness.createTable(table);
      const rows = typesRows(table);
      await harness.insertRows(table, rows);
      await withSource({ table, key: ['id'], batchSize: 2 }, async (source) => {
        const read = rowsOf(await expectResumeFromEveryBoundary(source, 2));
        expectSameRows(read, rows, ['id']);
        for (const row of read) {
          for (const value of Object.values(row)) {
            expect(value === undefined, 'no undefined values: null is null').toBe(false);
            expect(value instanceof Date, 'no Date values: timestamps are ISO strings').toBe(false);
          }
        }
      });
    });

    const outage = harness.outage;
    if (outage?.openSource) {
      caseIt(
        harness,
        'source-outage',
        'a dropped connection fails the read as transient; the same source reads again after',
        async () => {
          const table = peopleTable(harness, 'source_outage');
          await harness.createTable(table);
          const rows = peopleRows(harness, [1, 2, 3, 4, 5]);
          await harness.insertRows(table, rows);
          const source = await (outage.openSource as NonNullable<typeof outage.openSource>)({
            table,
            key: ['id'],
            batchSize: 2,
          });
          try {
            expect(rowsOf(await readAll(source))).toHaveLength(5);
            await outage.begin();
            let failure: unknown;
            try {
              await readAll(source);
            } catch (error) {
              failure = error;
            } finally {
              await outage.end();
            }
            expect(failure).toBeInstanceOf(IntegrationError);
            expect(failure).toMatchObject({ kind: 'transient' });
            expectSameRows(rowsOf(await readAll(source)), rows, ['id']);
          } finally {
            await source.close();
          }
        },
      );
    }
  });
}
