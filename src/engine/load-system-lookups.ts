import type { AnyConnectorDefinition } from '../core/connector.js';
import { didYouMean } from '../core/did-you-mean.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Row } from '../core/row.js';
import { keyJoiner } from '../spec/load-lookup-tables.js';
import type { Locator } from '../spec/load-spec.js';
import { isLookupSystem } from '../spec/lookup-kind.js';
import type { LookupSystem, LookupTable, Spec } from '../spec/schema.js';
import { problemAt, type SpecProblem } from '../spec/spec-problem.js';
import { checkAgainst, connectorKeys, type Report } from './check-connector-block.js';
import { systemContext } from './connect-flow.js';

interface PlannedLookup {
  readonly name: string;
  readonly entry: LookupSystem;
  readonly connector: AnyConnectorDefinition;
  readonly options: unknown;
  readonly connection: Readonly<Record<string, unknown>>;
}

/**
 * Checks the `lookups:` entries read from another system ({ from: { system, table }, key, value }):
 * the system exists and can be read, and the from: block suits its connector. Every problem is
 * returned, located in the spec.
 */
export function planSystemLookups(
  spec: Pick<Spec, 'lookups' | 'systems'>,
  connectors: readonly AnyConnectorDefinition[],
  locate: Locator,
): { planned: PlannedLookup[]; problems: SpecProblem[] } {
  const planned: PlannedLookup[] = [];
  const problems: SpecProblem[] = [];
  const report: Report = (path, code, message, hint, target) =>
    problems.push(problemAt(locate, path, code, message, { hint, target: target ?? 'value' }));
  for (const [name, entry] of Object.entries(spec.lookups ?? {})) {
    if (!isLookupSystem(entry)) continue;
    const at = ['lookups', name, 'from'];
    const system = spec.systems[entry.from.system];
    if (system === undefined) {
      const guess = didYouMean(entry.from.system, Object.keys(spec.systems));
      report(
        [...at, 'system'],
        'unknown-system',
        `no system "${entry.from.system}" under systems:`,
        guess ? `did you mean "${guess}"?` : undefined,
      );
      continue;
    }
    const connector = connectors.find((c) => c.kind === system.kind);
    if (connector?.source === undefined) {
      report(
        [...at, 'system'],
        'lookup-not-readable',
        `system "${entry.from.system}" (kind ${system.kind}) cannot be read`,
      );
      continue;
    }
    const options = checkAgainst(connector.source.options, connectorKeys(entry.from), at, report);
    if (options.ok)
      planned.push({ name, entry, connector, options: options.value, connection: system.connection ?? {} });
  }
  return { planned, problems };
}

/**
 * Reads each system lookup in full through its source connector (secrets resolved now), key
 * column(s) to value column as text, as file lookups are. A table larger than maxRows, a
 * missing column or a repeated key stops the run before anything is written.
 */
export async function loadSystemLookups(
  planned: readonly PlannedLookup[],
  context: { readonly baseDir: string; readonly env: Readonly<Record<string, string | undefined>> },
  signal: AbortSignal = new AbortController().signal,
): Promise<Record<string, LookupTable>> {
  const tables: Record<string, LookupTable> = {};
  for (const lookup of planned) tables[lookup.name] = await readLookup(lookup, context, signal);
  return tables;
}

async function readLookup(
  lookup: PlannedLookup,
  context: { readonly baseDir: string; readonly env: Readonly<Record<string, string | undefined>> },
  signal: AbortSignal,
): Promise<LookupTable> {
  const { entry, name } = lookup;
  const keyColumns = [entry.key].flat();
  const where = `lookup table "${name}" (system ${entry.from.system})`;
  const source = await lookup.connector.source?.open(
    systemContext(
      { system: entry.from.system, connector: lookup.connector, connection: lookup.connection },
      context,
    ),
    { options: lookup.options, key: keyColumns, batchSize: 5000 },
  );
  if (source === undefined)
    throw new IntegrationError(`${where} cannot be read`, { kind: 'config', code: 'lookup-not-readable' });
  const table: Record<string, string | null> = {};
  let rows = 0;
  try {
    for await (const batch of source.read(undefined, signal)) {
      for (const row of batch.rows) {
        if (++rows > entry.maxRows) {
          throw new IntegrationError(`${where} has more than ${entry.maxRows} rows`, {
            kind: 'config',
            code: 'lookup-too-large',
            hint: 'a lookup is held in memory: narrow it with a query or view, or raise maxRows',
          });
        }
        if (rows === 1) requireColumns(row, [...keyColumns, entry.value], where);
        const key = keyColumns.map((column) => text(row[column])).join(keyJoiner);
        if (Object.hasOwn(table, key)) {
          throw new IntegrationError(`${where}: key "${key}" appears more than once`, {
            kind: 'config',
            code: 'lookup-duplicate-key',
            hint: `a lookup maps each key to one value; make ${keyColumns.join(', ')} unique in the source`,
          });
        }
        const value = row[entry.value];
        table[key] = value === null || value === undefined ? null : text(value);
      }
    }
  } finally {
    await source.close();
  }
  return table;
}

function requireColumns(row: Row, columns: readonly string[], where: string): void {
  const missing = columns.filter((column) => !(column in row));
  if (missing.length === 0) return;
  const present = Object.keys(row);
  throw new IntegrationError(
    `${where}: no column ${missing.map((m) => `"${m}"${didYouMean(m, present) ? ` (did you mean "${didYouMean(m, present)}"?)` : ''}`).join(', ')}`,
    { kind: 'config', code: 'lookup-column-not-found', hint: `columns: ${present.join(', ')}` },
  );
}

/** Keys and values as text, exactly as a CSV lookup gives them ("007" stays "007"). */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
