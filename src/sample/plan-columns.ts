import { didYouMean } from '../core/did-you-mean.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Row } from '../core/row.js';
import type { PiiKind, PiiSpec } from '../spec/pii-schema.js';
import { detectByContent, detectByName } from './detect-pii.js';

/** How one column of a sampled table is treated, and why. */
export interface ColumnPlan {
  readonly column: string;
  /** The kind of personal data it holds; undefined: kept as it is. */
  readonly kind: PiiKind | undefined;
  readonly by: 'name' | 'content' | 'spec' | 'none';
  /** For content detection: the share of values that looked like the kind. */
  readonly share?: number;
  /** What detection found when the spec says otherwise. */
  readonly detected?: PiiKind;
}

/**
 * Decides each column's treatment: the spec's `systems.X.pii.TABLE` first, then the column's
 * name, then what its sampled values look like. A spec entry for a column the table does not
 * have is a mistake the user must hear about, not a silent no-op.
 */
export function planColumns(
  system: string,
  table: string,
  rows: readonly Row[],
  declared: PiiSpec | undefined,
): ColumnPlan[] {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const overrides = declaredFor(declared, table);
  for (const column of Object.keys(overrides ?? {})) {
    if (columns.includes(column) || rows.length === 0) continue;
    const guess = didYouMean(column, columns);
    throw new IntegrationError(
      `systems.${system}.pii.${tableKey(declared, table) ?? table}.${column}: table ${table} has no column "${column}"`,
      {
        kind: 'config',
        code: 'pii-column-unknown',
        hint: guess ? `did you mean "${guess}"?` : `its columns: ${columns.join(', ')}`,
      },
    );
  }
  return columns.map((column): ColumnPlan => {
    const byName = detectByName(column);
    const byContent = byName === undefined ? detectByContent(rows.map((row) => row[column])) : undefined;
    const detected = byName ?? byContent?.kind;
    const override = overrides?.[column];
    if (override !== undefined) {
      const kind = override === 'none' ? undefined : override;
      return { column, kind, by: override === 'none' ? 'none' : 'spec', ...(detected ? { detected } : {}) };
    }
    if (byName) return { column, kind: byName, by: 'name' };
    if (byContent) return { column, kind: byContent.kind, by: 'content', share: byContent.share };
    return { column, kind: undefined, by: 'none' };
  });
}

/** The spec's entry for a table: by its exact name, or without a postgres `schema.` prefix. */
function declaredFor(declared: PiiSpec | undefined, table: string): PiiSpec[string] | undefined {
  const key = tableKey(declared, table);
  return key === undefined ? undefined : declared?.[key];
}

function tableKey(declared: PiiSpec | undefined, table: string): string | undefined {
  if (declared === undefined) return undefined;
  const bare = table.slice(table.lastIndexOf('.') + 1);
  return [table, bare].find((name) => declared[name] !== undefined);
}
