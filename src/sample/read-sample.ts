import type { Source } from '../core/connector.js';
import type { Row } from '../core/row.js';
import type { TableShape } from '../core/table-shape.js';
import { inferSampledColumns } from '../discovery/discover-system.js';
import type { CompiledEndpoint } from '../engine/compiled-flow.js';
import { type ConnectContext, openEndpointSource, systemContext } from '../engine/connect-flow.js';
import { keyText } from '../engine/key-text.js';
import { tableEndpoint } from '../profile/table-endpoint.js';
import type { Spec } from '../spec/schema.js';
import { findLinks, type Link, type LinkableTable, orderByLinks } from './find-links.js';

export interface ReadSampleOptions {
  readonly spec: Spec;
  readonly context: ConnectContext;
  /** `SYSTEM.TABLE` names, as on the command line. */
  readonly tables: readonly string[];
  /** Rows of each table no other sampled table is the parent of. */
  readonly rows: number;
  /** --link CHILD.COLUMN=PARENT.COLUMN, besides the links found by column name. */
  readonly links: readonly string[];
  readonly signal: AbortSignal;
}

export interface SampledTable extends LinkableTable {
  readonly system: string;
  readonly endpoint: CompiledEndpoint;
  readonly rows: readonly Row[];
  /** The links this table's rows were chosen by (it is the child). */
  readonly links: readonly Link[];
}

/**
 * Reads a consistent sample through the systems' own source connectors: the first `rows` rows
 * (in key order) of each parent table, and every row of a child table that references one of
 * the sampled parent rows, so customer -> invoice joins hold in the sample. A child table is read
 * through and filtered as it streams: memory holds the sample, never the table.
 */
export async function readSample(options: ReadSampleOptions): Promise<SampledTable[]> {
  const described = await Promise.all(
    options.tables.map(async (name) => {
      const endpoint = tableEndpoint(options.spec, name, []);
      const shape = await describe(endpoint, options.context);
      return {
        name,
        table: endpoint.table,
        endpoint,
        columns: shape?.columns.map((c) => c.name) ?? [],
        primaryKey: shape?.primaryKey ?? [],
      };
    }),
  );
  const { order, links } = orderByLinks(described, findLinks(described, options.links));
  const sampled = new Map<string, SampledTable>();
  for (const name of order) {
    const table = described.find((t) => t.name === name);
    if (table === undefined) continue;
    const own = links.filter((link) => link.child === name);
    const wanted = own.map((link) => {
      const parentRows = sampled.get(link.parent)?.rows ?? [];
      return { column: link.column, values: new Set(parentRows.map((r) => keyText(r, [link.parentColumn]))) };
    });
    const batchSize = own.length === 0 ? Math.min(options.rows, 1000) : 1000;
    const source = await openEndpointSource(table.endpoint, batchSize, options.context);
    const rows = await collect(source, options.signal, own.length === 0 ? options.rows : undefined, (row) =>
      wanted.every(({ column, values }) => values.has(keyText(row, [column]))),
    );
    sampled.set(name, { ...table, system: table.endpoint.system, rows, links: own });
  }
  return options.tables.map((name) => sampled.get(name)).filter((t): t is SampledTable => t !== undefined);
}

/** The table's catalog entry (primary key, columns) when its connector can discover it. */
async function describe(
  endpoint: CompiledEndpoint & { table: string },
  context: ConnectContext,
): Promise<TableShape | undefined> {
  const discover = endpoint.connector.discover;
  // A postgres `schema.table` lies outside the connection's schema, which discover reads.
  if (discover === undefined || endpoint.connector.kind === 'files' || endpoint.table.includes('.'))
    return undefined;
  const shapes = await discover(systemContext(endpoint, context), {
    tables: [endpoint.table],
    inferColumns: inferSampledColumns,
  });
  return shapes[0];
}

async function collect(
  source: Source,
  signal: AbortSignal,
  limit: number | undefined,
  keep: (row: Row) => boolean,
): Promise<Row[]> {
  const rows: Row[] = [];
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const batch of source.read(undefined, controller.signal)) {
      for (const row of batch.rows) {
        if (keep(row)) rows.push(row);
        if (limit !== undefined && rows.length >= limit) return rows;
      }
    }
    return rows;
  } finally {
    controller.abort();
    signal.removeEventListener('abort', stop);
    await source.close();
  }
}
