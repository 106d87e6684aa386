import { findConnector } from '../connectors/registry.js';
import { didYouMean } from '../core/did-you-mean.js';
import { IntegrationError } from '../core/integration-error.js';
import type { CompiledEndpoint } from '../engine/compiled-flow.js';
import type { Spec } from '../spec/schema.js';

/**
 * The source endpoint `syncline profile SYSTEM.TABLE` (and `compare --baseline`) reads: the system's connection, and the
 * table (a file for a files system; `schema.table` for postgres) as its from: options.
 */
export function tableEndpoint(
  spec: Spec,
  target: string,
  key: readonly string[],
  purpose = 'profiled',
): CompiledEndpoint & { table: string } {
  const dot = target.indexOf('.');
  if (dot <= 0 || dot === target.length - 1)
    throw new IntegrationError(`"${target}" names no table: write SYSTEM.TABLE, e.g. crm.customers`, {
      kind: 'config',
      code: 'profile-target-invalid',
    });
  const [system, table] = [target.slice(0, dot), target.slice(dot + 1)];
  const declared = spec.systems[system];
  if (!declared) {
    const guess = didYouMean(system, Object.keys(spec.systems));
    throw new IntegrationError(`there is no system "${system}" under systems`, {
      kind: 'config',
      code: 'unknown-system',
      hint: guess ? `did you mean "${guess}"?` : `declared systems: ${Object.keys(spec.systems).join(', ')}`,
    });
  }
  const connector = findConnector(declared.kind);
  if (!connector?.source)
    throw new IntegrationError(
      `system "${system}" (${declared.kind}) cannot be read, so it cannot be ${purpose}`,
      {
        kind: 'config',
        code: 'endpoint-unsupported',
        hint: declared.kind === 'manual' ? 'a manual system is not connected' : 'see docs/connectors.md',
      },
    );
  const raw = optionsFor(declared.kind, table);
  const parsed = connector.source.options.safeParse(raw);
  if (!parsed.success)
    throw new IntegrationError(
      `system "${system}": cannot read "${table}": ${parsed.error.issues[0]?.message}`,
      {
        kind: 'config',
        code: 'profile-target-invalid',
      },
    );
  return {
    system,
    table,
    connector,
    connection: declared.connection ?? {},
    options: parsed.data,
    key,
    where: `systems.${system}`,
  };
}

function optionsFor(kind: string, table: string): Record<string, unknown> {
  if (kind === 'files') return { file: table };
  const dot = table.indexOf('.');
  if (kind === 'postgres' && dot > 0) return { schema: table.slice(0, dot), table: table.slice(dot + 1) };
  return { table };
}
