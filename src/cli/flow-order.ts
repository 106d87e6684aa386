import type { FlowSpec } from '../spec/schema.js';

/**
 * Orders flows so that a flow with `trigger.after: X` runs after X when both are selected;
 * otherwise spec order. The spec check has already refused cycles.
 */
export function orderFlows(names: readonly string[], flows: Readonly<Record<string, FlowSpec>>): string[] {
  const selected = new Set(names);
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    const upstream = flows[name]?.trigger?.after;
    if (upstream && selected.has(upstream)) visit(upstream, new Set([...path, name]));
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}
