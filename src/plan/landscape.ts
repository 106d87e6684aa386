import type { Spec } from '../spec/schema.js';
import { flowFrequency, flowVolume } from './flow-frequency.js';

export interface LandscapeSystem {
  readonly name: string;
  readonly title: string | undefined;
  readonly kind: string;
  readonly owner: string | undefined;
  readonly connected: boolean;
}

export interface LandscapeFlow {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** "customer · every 15 min · 200/day" */
  readonly label: string;
  readonly enabled: boolean;
}

export interface Landscape {
  /** Systems grouped by kind, groups ordered so that sources come first and manual systems last. */
  readonly groups: readonly { readonly kind: string; readonly systems: readonly LandscapeSystem[] }[];
  readonly flows: readonly LandscapeFlow[];
}

/** The systems-and-flows picture of a spec, as data; render-svg and render-mermaid draw it. */
export function landscapeOf(spec: Spec): Landscape {
  const flows = Object.entries(spec.flows ?? {}).map(([name, flow]) => ({
    name,
    from: flow.from.system,
    to: flow.to.system,
    label: [flow.entity ?? name, flowFrequency(flow), flowVolume(flow)].filter(Boolean).join(' · '),
    enabled: flow.enabled,
  }));
  // A system's rank: how far it is from the start of the data's path (sources 0).
  const rank = new Map(Object.keys(spec.systems).map((name) => [name, 0]));
  for (let pass = 0; pass < Object.keys(spec.systems).length; pass++)
    for (const flow of flows)
      if (flow.from !== flow.to)
        rank.set(flow.to, Math.max(rank.get(flow.to) ?? 0, (rank.get(flow.from) ?? 0) + 1));
  const byKind = new Map<string, LandscapeSystem[]>();
  for (const [name, system] of Object.entries(spec.systems)) {
    const entry = {
      name,
      title: system.title,
      kind: system.kind,
      owner: system.owner,
      connected: system.kind !== 'manual',
    };
    byKind.set(system.kind, [...(byKind.get(system.kind) ?? []), entry]);
  }
  const weight = (systems: readonly LandscapeSystem[], kind: string) =>
    kind === 'manual' ? Number.POSITIVE_INFINITY : Math.min(...systems.map((s) => rank.get(s.name) ?? 0));
  const groups = [...byKind]
    .map(([kind, systems]) => ({
      kind,
      systems: [...systems].sort((a, b) => (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0)),
    }))
    .sort((a, b) => weight(a.systems, a.kind) - weight(b.systems, b.kind) || a.kind.localeCompare(b.kind));
  return { groups, flows };
}
