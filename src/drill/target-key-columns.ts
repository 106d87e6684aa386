import type { CompiledFlow } from '../engine/compiled-flow.js';

/** The target's key, or else the target fields the source key is copied into (an append-only file). */
export function targetKeyColumns(flow: CompiledFlow): readonly string[] {
  if (flow.target.key.length > 0) return flow.target.key;
  const columns: string[] = [];
  for (const key of flow.source.key) {
    const field = (flow.spec.fields ?? []).find((f) => (f as { from?: unknown }).from === key);
    const to = (field as { to?: unknown } | undefined)?.to;
    columns.push(typeof to === 'string' ? to : key);
  }
  return columns;
}
