import type { Row } from '../core/row.js';
import { keyText } from '../engine/key-text.js';
import type { PiiSpec } from '../spec/pii-schema.js';
import { createPseudonymizer, looseText } from './create-pseudonymizer.js';
import type { FakeSource } from './fake-value.js';
import { type ColumnPlan, planColumns } from './plan-columns.js';
import type { SampledTable } from './read-sample.js';

export interface AnonymizedTable {
  readonly sampled: SampledTable;
  readonly columns: readonly ColumnPlan[];
  readonly rows: readonly Row[];
}

export interface AnonymizeOptions {
  readonly seed: string;
  readonly fakes: FakeSource;
  /** `systems.X.pii` of each system. */
  readonly declared: (system: string) => PiiSpec | undefined;
}

/**
 * Replaces the personal data of every sampled table with one pseudonymizer, so a value that
 * appears in two tables (a customer's address and an invoice's billing address) gets the same
 * fake in both. Rows keep their number and order; columns not treated are copied as they are.
 */
export function anonymizeSample(
  tables: readonly SampledTable[],
  options: AnonymizeOptions,
): { tables: AnonymizedTable[]; collisions: number } {
  const planned = tables.map((sampled) => ({
    sampled,
    columns: planColumns(sampled.system, sampled.table, sampled.rows, options.declared(sampled.system)),
  }));
  const originals = new Set<string>();
  for (const { sampled, columns } of planned)
    for (const { column, kind } of columns)
      if (kind !== undefined)
        for (const row of sampled.rows) {
          const value = row[column];
          if (value !== null && value !== undefined && value !== '') originals.add(looseText(String(value)));
        }
  const pseudonymizer = createPseudonymizer({ seed: options.seed, fakes: options.fakes, originals });
  const result = planned.map(({ sampled, columns }) => {
    const treated = columns.filter((c) => c.kind !== undefined);
    // Dates shift by the record's key, so every date of one record moves together.
    const recordKey = (row: Row) =>
      sampled.primaryKey.length > 0
        ? keyText(row, sampled.primaryKey)
        : JSON.stringify(Object.values(row).map(String));
    const rows = sampled.rows.map((row): Row => {
      const out: Record<string, unknown> = { ...row };
      const key = recordKey(row);
      for (const { column, kind } of treated)
        if (kind !== undefined) out[column] = pseudonymizer.replace(kind, row[column], key);
      return out;
    });
    return { sampled, columns, rows };
  });
  return { tables: result, collisions: pseudonymizer.collisions() };
}
