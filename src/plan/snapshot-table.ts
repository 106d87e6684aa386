import type { SystemSnapshot, TableShape } from '../core/table-shape.js';

/**
 * The table (file, sheet, resource) of a flow endpoint in its system's discovery snapshot:
 * `table:`, `file:` (with `sheet:`), `pattern:` or an http `path:`, as discovery names them.
 * A name that differs only in case is the same table (SQL folds names, flows may too).
 */
export function snapshotTableOf(
  snapshots: ReadonlyMap<string, SystemSnapshot> | undefined,
  endpoint: Readonly<Record<string, unknown>> & { readonly system: string },
): TableShape | undefined {
  const snapshot = snapshots?.get(endpoint.system);
  if (snapshot === undefined) return undefined;
  const base = [endpoint.table, endpoint.file, endpoint.pattern, endpoint.path].find(
    (value): value is string => typeof value === 'string',
  );
  if (base === undefined) return undefined;
  const name = typeof endpoint.sheet === 'string' ? `${base}#${endpoint.sheet}` : base;
  return (
    snapshot.tables.find((table) => table.name === name) ??
    snapshot.tables.find((table) => table.name.toLowerCase() === name.toLowerCase())
  );
}
