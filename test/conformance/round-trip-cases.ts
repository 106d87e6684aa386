import { describe, expect } from 'vitest';
import { caseIt, expectSameRows, never, required, typesRows, typesTable } from './conformance-data.js';
import type { ConnectorHarness } from './connector.suite.js';

/** Source into target of the same kind: what one reads, the other writes back unchanged. */
export function describeRoundTripCases(harness: ConnectorHarness): void {
  describe('source to target', () => {
    caseIt(
      harness,
      'round-trip',
      'copies every type from a source table into a target table unchanged',
      async () => {
        const from = typesTable(harness, 'trip_from');
        const to = { ...typesTable(harness, 'trip_to'), columns: from.columns };
        await harness.createTable(from);
        await harness.createTable(to);
        const rows = typesRows(from);
        await harness.insertRows(from, rows);
        const mode = harness.capabilities.modes.includes('upsert') ? 'upsert' : 'insert';
        const source = await required(harness.openSource)({ table: from, key: ['id'], batchSize: 2 });
        const target = await required(harness.openTarget)({ table: to, key: ['id'], mode });
        try {
          for await (const batch of source.read(undefined, never)) {
            const result = await target.write({ rows: batch.rows, key: ['id'], mode }, never);
            expect(result).toEqual({ written: batch.rows.length, rejected: [] });
          }
        } finally {
          await source.close();
          await target.close();
        }
        const copied = await harness.readTable(to);
        expectSameRows(copied, await harness.readTable(from), ['id']);
        expectSameRows(copied, rows, ['id']);
      },
    );
  });
}
