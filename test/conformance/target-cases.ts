import { describe, expect } from 'vitest';
import type { Target, WriteMode, WriteResult } from '../../src/core/connector.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import { isIssue } from '../../src/core/issue.js';
import type { Row } from '../../src/core/row.js';
import {
  caseIt,
  expectSameRows,
  never,
  peopleRows,
  peopleTable,
  personRow,
  tableName,
  typesRows,
  typesTable,
} from './conformance-data.js';
import type { ConnectorHarness, TableSpec, TargetRequest } from './connector.suite.js';

/** The target half of the connector conformance suite (see connector.suite.ts). */
export function describeTargetCases(harness: ConnectorHarness): void {
  const { capabilities } = harness;
  const open = (request: TargetRequest): Promise<Target> => {
    if (!harness.openTarget) throw new Error('the harness has no openTarget');
    return harness.openTarget(request);
  };
  const withTarget = async (
    table: TableSpec,
    mode: WriteMode,
    body: (
      write: (rows: readonly Row[], mode?: WriteMode) => Promise<WriteResult>,
      target: Target,
    ) => Promise<void>,
  ) => {
    const target = await open({ table, key: table.key, mode });
    try {
      await body((rows, as = mode) => target.write({ rows, key: table.key, mode: as }, never), target);
    } finally {
      await target.close();
    }
  };
  /** Batch sizes each write case runs with: a small one, and one above the bulk threshold. */
  const sizes = [4, Math.max((capabilities.bulkThreshold ?? 0) + 25, 60)];
  const supports = (mode: WriteMode) => capabilities.modes.includes(mode);
  const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const codes = (result: WriteResult) => result.rejected.map((r) => [r.index, r.issue.code]);

  describe('target', () => {
    caseIt(harness, 'target-open-close', 'opens and closes twice', async () => {
      const table = peopleTable(harness, 'target_open');
      await harness.createTable(table);
      const target = await open({ table, key: ['id'], mode: capabilities.modes[0] ?? 'upsert' });
      await target.close();
      await target.close();
    });

    caseIt(harness, 'target-missing-table', 'refuses a missing table as a config error', async () => {
      const table = { ...peopleTable(harness, 'target_missing'), name: tableName('never_created') };
      const error = await open({ table, key: ['id'], mode: capabilities.modes[0] ?? 'upsert' }).then(
        async (target) => {
          await target.close();
          return undefined;
        },
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ kind: 'config', code: 'table-not-found' });
    });

    if (supports('upsert')) {
      caseIt(
        harness,
        'target-upsert-idempotent',
        'upserts: the same batch twice leaves the same table',
        async () => {
          for (const size of sizes) {
            const table = peopleTable(harness, `upsert_${size}`);
            await harness.createTable(table);
            const old = [personRow(harness, 1, 0, 'untouched'), personRow(harness, 2, 0, 'old name')];
            await harness.insertRows(table, old);
            const batch = peopleRows(harness, ids(2, size));
            await withTarget(table, 'upsert', async (write) => {
              expect(await write(batch)).toEqual({ written: size, rejected: [] });
              const once = await harness.readTable(table);
              expectSameRows(once, [old[0] as Row, ...batch], ['id']);
              expect(await write(batch)).toEqual({ written: size, rejected: [] });
              expectSameRows(await harness.readTable(table), once, ['id']);
            });
          }
        },
      );

      caseIt(
        harness,
        'target-upsert-partial-columns',
        'upserts rows of different shapes, leaving columns a row does not carry',
        async () => {
          for (const size of sizes) {
            const table = peopleTable(harness, `partial_${size}`);
            await harness.createTable(table);
            const kept = personRow(harness, 1, 0, 'before');
            await harness.insertRows(table, [kept]);
            const batch: Row[] = [{ id: 1, name: 'after' }];
            for (const id of ids(2, size - 1))
              batch.push(id % 2 === 0 ? { id, name: `n${id}` } : { id, name: `n${id}`, note: `x${id}` });
            await withTarget(table, 'upsert', async (write) => {
              expect(await write(batch)).toEqual({ written: size, rejected: [] });
            });
            const expected = batch.map((row) => {
              if (row.id === 1) return { ...kept, name: 'after' };
              const full: Record<string, unknown> = {};
              for (const c of table.columns) full[c.name] = row[c.name] ?? null;
              return full;
            });
            expectSameRows(await harness.readTable(table), expected, ['id']);
          }
        },
      );

      caseIt(
        harness,
        'target-upsert-repeated-key',
        'upserts a batch holding one key twice: the later row wins',
        async () => {
          for (const size of sizes) {
            const table = peopleTable(harness, `repeat_${size}`);
            await harness.createTable(table);
            const batch = peopleRows(harness, ids(1, size - 1));
            batch.push(personRow(harness, 1, 9, 'the later one'));
            await withTarget(table, 'upsert', async (write) => {
              const result = await write(batch);
              expect(result.rejected).toEqual([]);
              expect(result.written).toBe(size);
            });
            expectSameRows(await harness.readTable(table), [...batch.slice(1)], ['id']);
          }
        },
      );
    }

    if (supports('insert')) {
      caseIt(harness, 'target-insert', 'inserts rows into an empty table', async () => {
        for (const size of sizes) {
          const table = peopleTable(harness, `insert_${size}`);
          await harness.createTable(table);
          const batch = peopleRows(harness, ids(1, size));
          await withTarget(table, 'insert', async (write) => {
            expect(await write(batch)).toEqual({ written: size, rejected: [] });
          });
          expectSameRows(await harness.readTable(table), batch, ['id']);
        }
      });
    }

    if (supports('update')) {
      caseIt(
        harness,
        'target-update',
        'updates existing rows, leaves other columns, and rejects keys with no row as row-not-found',
        async () => {
          for (const size of sizes) {
            const table = peopleTable(harness, `update_${size}`);
            await harness.createTable(table);
            const existing = peopleRows(harness, ids(1, size));
            await harness.insertRows(table, existing);
            const batch: Row[] = existing.slice(1).map((r) => ({ id: r.id, name: `new ${String(r.id)}` }));
            batch.splice(1, 0, { id: 100_000, name: 'nobody' });
            await withTarget(table, 'update', async (write) => {
              const result = await write(batch);
              expect(codes(result)).toEqual([[1, 'row-not-found']]);
              expect(result.written).toBe(size - 1);
            });
            const expected = existing.map((r) => (r.id === 1 ? r : { ...r, name: `new ${String(r.id)}` }));
            expectSameRows(await harness.readTable(table), expected, ['id']);
          }
        },
      );
    }

    if (supports('delete')) {
      caseIt(
        harness,
        'target-delete',
        'deletes by key; deleting again (or a missing key) is harmless',
        async () => {
          for (const size of sizes) {
            const table = peopleTable(harness, `delete_${size}`);
            await harness.createTable(table);
            const existing = peopleRows(harness, ids(1, size + 3));
            await harness.insertRows(table, existing);
            const batch: Row[] = [...ids(1, size - 1).map((id) => ({ id })), { id: 100_000 }];
            await withTarget(table, 'delete', async (write) => {
              expect(await write(batch)).toEqual({ written: size, rejected: [] });
              expect(await write(batch)).toEqual({ written: size, rejected: [] });
            });
            expectSameRows(await harness.readTable(table), existing.slice(size - 1), ['id']);
          }
        },
      );
    }

    /** Writes `size` upsert rows with bad ones at `bad` indexes; expects just those rejected. */
    const expectRejects = async (
      purpose: string,
      mode: WriteMode,
      size: number,
      spoil: (row: Row) => Row,
      code: string,
      path: string | undefined,
      seed: readonly Row[] = [],
    ) => {
      const table = peopleTable(harness, `${purpose}_${size}`);
      await harness.createTable(table);
      await harness.insertRows(table, seed);
      const batch = peopleRows(harness, ids(10, size));
      const bad = [1, size - 2];
      for (const index of bad) batch[index] = spoil(batch[index] as Row);
      await withTarget(table, mode, async (write) => {
        const result = await write(batch);
        expect(codes(result)).toEqual(bad.map((index) => [index, code]));
        for (const { issue } of result.rejected) {
          expect(isIssue(issue), 'rejects are Issues made by recordIssue').toBe(true);
          expect(issue.stage).toBe('write');
          expect(issue.message.length).toBeGreaterThan(0);
          if (path !== undefined) expect(issue.path).toBe(path);
        }
        expect(result.written).toBe(size - bad.length);
      });
      const good = batch.filter((_, index) => !bad.includes(index));
      expectSameRows(await harness.readTable(table), [...seed, ...good], ['id']);
    };

    if (capabilities.rejects.notNull) {
      caseIt(
        harness,
        'target-reject-not-null',
        'returns a NULL in a NOT NULL column as a rejected row and writes the rest',
        async () => {
          for (const size of sizes) {
            const mode = supports('upsert') ? 'upsert' : 'insert';
            await expectRejects(
              'not_null',
              mode,
              size,
              (r) => ({ ...r, name: null }),
              'not-null',
              capabilities.rejects.reportsColumn ? 'name' : undefined,
            );
          }
        },
      );
    }

    if (capabilities.rejects.invalidValue && capabilities.types.includes('decimal')) {
      caseIt(
        harness,
        'target-reject-invalid-value',
        'returns a value the column type refuses as a rejected row and writes the rest',
        async () => {
          for (const size of sizes) {
            const mode = supports('upsert') ? 'upsert' : 'insert';
            await expectRejects(
              'invalid',
              mode,
              size,
              (r) => ({ ...r, amount: 'not a number' }),
              'invalid-value',
              undefined,
            );
          }
        },
      );
    }

    if (capabilities.rejects.duplicateKey && supports('insert')) {
      caseIt(
        harness,
        'target-reject-duplicate-key',
        'insert: returns rows whose key exists as duplicate-key and writes the rest',
        async () => {
          for (const size of sizes) {
            const seed = [personRow(harness, 1, 0, 'already here')];
            await expectRejects(
              'duplicate',
              'insert',
              size,
              (r) => ({ ...r, id: 1 }),
              'duplicate-key',
              undefined,
              seed,
            );
          }
        },
      );
    }

    if (capabilities.rejects.notNull && supports('upsert')) {
      caseIt(
        harness,
        'target-bulk-rejects',
        'a large batch with bad rows spread through it: exactly those are rejected',
        async () => {
          const size = Math.max((capabilities.bulkThreshold ?? 0) * 2 + 7, 120);
          await expectRejects(
            'bulk_rejects',
            'upsert',
            size,
            (r) => ({ ...r, name: null }),
            'not-null',
            undefined,
          );
        },
      );
    }

    caseIt(
      harness,
      'target-types',
      'writes every type losslessly (0005), in small and bulk batches',
      async () => {
        const table = typesTable(harness, 'target_types');
        await harness.createTable(table);
        const mode = supports('upsert') ? 'upsert' : 'insert';
        const small = typesRows(table);
        const bulk: Row[] = [];
        for (let base = 1000; bulk.length < (sizes[1] as number); base += small.length)
          bulk.push(...typesRows(table, base));
        await withTarget(table, mode, async (write) => {
          expect(await write(small)).toEqual({ written: small.length, rejected: [] });
          expectSameRows(await harness.readTable(table), small, ['id']);
          expect(await write(bulk)).toEqual({ written: bulk.length, rejected: [] });
        });
        expectSameRows(await harness.readTable(table), [...small, ...bulk], ['id']);
      },
    );

    caseIt(
      harness,
      'target-read-by-keys',
      'reads current rows by key, losslessly; absent keys are left out',
      async () => {
        const table = typesTable(harness, 'by_keys');
        await harness.createTable(table);
        const rows = typesRows(table);
        await harness.insertRows(table, rows);
        const target = await open({ table, key: ['id'], mode: capabilities.modes[0] ?? 'upsert' });
        try {
          expect(target.readByKeys, 'readByKeys is needed by the journal, compare and dry run').toBeDefined();
          const found = await target.readByKeys?.([{ id: 1 }, { id: 4 }, { id: 777 }], ['id']);
          expectSameRows(
            found ?? [],
            rows.filter((r) => r.id === 1 || r.id === 4),
            ['id'],
          );
          expect(await target.readByKeys?.([], ['id'])).toEqual([]);
        } finally {
          await target.close();
        }
      },
    );

    const outage = harness.outage;
    if (outage?.openTarget) {
      caseIt(
        harness,
        'target-outage',
        'a dropped connection fails the whole batch as transient; the same target writes again after',
        async () => {
          const table = peopleTable(harness, 'target_outage');
          await harness.createTable(table);
          const mode = supports('upsert') ? 'upsert' : 'insert';
          const target = await (outage.openTarget as NonNullable<typeof outage.openTarget>)({
            table,
            key: ['id'],
            mode,
          });
          try {
            const first = peopleRows(harness, [1, 2]);
            expect(await target.write({ rows: first, key: ['id'], mode }, never)).toEqual({
              written: 2,
              rejected: [],
            });
            await outage.begin();
            let failure: unknown;
            try {
              await target.write({ rows: peopleRows(harness, [3, 4]), key: ['id'], mode }, never);
            } catch (error) {
              failure = error;
            } finally {
              await outage.end();
            }
            expect(failure).toBeInstanceOf(IntegrationError);
            expect(failure).toMatchObject({ kind: 'transient', stage: 'write' });
            const again = peopleRows(harness, [3, 4, 5]);
            expect(await target.write({ rows: again, key: ['id'], mode }, never)).toEqual({
              written: 3,
              rejected: [],
            });
            expectSameRows(await harness.readTable(table), [...first, ...again], ['id']);
          } finally {
            await target.close();
          }
        },
      );
    }
  });
}
