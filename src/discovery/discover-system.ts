import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnyConnectorDefinition } from '../core/connector.js';
import { didYouMean } from '../core/did-you-mean.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Batch } from '../core/row.js';
import type { SystemSnapshot } from '../core/table-shape.js';
import { systemContext } from '../engine/connect-flow.js';
import type { Spec } from '../spec/schema.js';
import { inferColumns } from './infer-columns.js';

/** Rows read per file (or sheet, or pattern) to infer its column types from. */
const discoverSample = 10_000;

/** Column types of a catalog-less source (files), inferred from its first rows. */
export const inferSampledColumns = (batches: AsyncIterable<Batch>) => inferColumns(batches, discoverSample);

export interface DiscoverOptions {
  readonly spec: Spec;
  readonly baseDir: string;
  readonly connectors: readonly AnyConnectorDefinition[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly system: string;
  /** Only these tables; all when empty. */
  readonly tables: readonly string[];
  readonly clock?: () => Date;
}

/** Introspects one live system through its connector's catalog queries. */
export async function discoverSystem(options: DiscoverOptions): Promise<SystemSnapshot> {
  const { spec, system } = options;
  const declared = spec.systems[system];
  if (declared === undefined) {
    const names = Object.keys(spec.systems);
    const suggestion = didYouMean(system, names);
    throw new IntegrationError(
      `no system "${system}" in the spec${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
      { kind: 'config', code: 'unknown-system', hint: `Systems: ${names.join(', ')}.` },
    );
  }
  const connector = options.connectors.find((c) => c.kind === declared.kind);
  if (connector?.discover === undefined) {
    throw new IntegrationError(
      `system "${system}" (kind ${declared.kind}) cannot be discovered: ${connector ? 'its connector has no catalog to read' : 'it is not connected'}`,
      {
        kind: 'config',
        code: 'discover-unsupported',
        hint: 'describe its data in the spec instead (entities:, notes:)',
      },
    );
  }
  const context = systemContext(
    { system, connector, connection: declared.connection ?? {} },
    { baseDir: options.baseDir, env: options.env },
  );
  const tables = await connector.discover(context, {
    tables: options.tables,
    inferColumns: inferSampledColumns,
  });
  return {
    version: 1,
    system,
    kind: declared.kind,
    discoveredAt: (options.clock?.() ?? new Date()).toISOString(),
    tables,
  };
}

/** discovery/SYSTEM.json beside the spec. */
export function snapshotPath(baseDir: string, system: string): string {
  return path.join(baseDir, 'discovery', `${system}.json`);
}

/**
 * Writes the snapshot atomically. Discovering some tables only keeps the other tables of an
 * earlier snapshot, so `discover erp --table clients` refreshes one table without losing the rest.
 */
export async function saveSnapshot(
  baseDir: string,
  snapshot: SystemSnapshot,
  partial: boolean,
): Promise<string> {
  const file = snapshotPath(baseDir, snapshot.system);
  const earlier = partial ? await loadSnapshot(baseDir, snapshot.system) : undefined;
  const fresh = new Set(snapshot.tables.map((t) => t.name));
  const merged: SystemSnapshot =
    earlier === undefined
      ? snapshot
      : {
          ...snapshot,
          tables: [...earlier.tables.filter((t) => !fresh.has(t.name)), ...snapshot.tables].sort((a, b) =>
            a.name.localeCompare(b.name),
          ),
        };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(merged, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

/** The stored snapshot of a system, if `syncline discover` wrote one. */
export async function loadSnapshot(baseDir: string, system: string): Promise<SystemSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(snapshotPath(baseDir, system), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: SystemSnapshot;
  try {
    parsed = JSON.parse(text) as SystemSnapshot;
  } catch (error) {
    throw new IntegrationError(
      `discovery snapshot ${snapshotPath(baseDir, system)} is not JSON: ${(error as Error).message}`,
      {
        kind: 'config',
        code: 'snapshot-unreadable',
        hint: `run syncline discover ${system} to write it again`,
      },
    );
  }
  return parsed.version === 1 && Array.isArray(parsed.tables) ? parsed : undefined;
}
