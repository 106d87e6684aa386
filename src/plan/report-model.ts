import type { TableProfile } from '../profile/column-profile.js';
import { describeFormats } from '../profile/format-tally.js';
import type { Spec } from '../spec/schema.js';
import type { PlanResult } from './check-plan.js';
import { flowFrequency, flowVolume } from './flow-frequency.js';

/** What the decision makers' report shows, computed once for both formats (md, html). */
export interface ReportModel {
  readonly project: Spec['project'];
  readonly generatedAt: string;
  readonly plan: PlanResult;
  readonly systems: readonly (readonly string[])[];
  readonly ownership: { readonly systems: readonly string[]; readonly rows: readonly OwnershipRow[] };
  readonly mappings: readonly (readonly string[])[];
  readonly highlights: readonly string[];
}

export interface OwnershipRow {
  readonly entity: string;
  readonly field: string;
  /** Per system (in ownership.systems order): "owner", "written by FLOW", or "". */
  readonly cells: readonly string[];
}

export function reportModel(
  spec: Spec,
  plan: PlanResult,
  profiles: Iterable<TableProfile>,
  now: Date,
): ReportModel {
  const systems = Object.entries(spec.systems).map(([name, s]) => [
    name,
    s.title ?? '',
    s.kind === 'manual' ? 'manual (not connected)' : s.kind,
    s.owner ?? '—',
    s.api ? `${s.api.available ? 'yes' : 'no'}${s.api.documented ? `, docs ${s.api.documented}` : ''}` : '—',
    s.auth?.method ?? '—',
    [
      s.volume?.perDay !== undefined && `${s.volume.perDay}/day`,
      s.volume?.perHour !== undefined && `${s.volume.perHour}/h`,
      s.volume?.peak,
    ]
      .filter(Boolean)
      .join(', ') || '—',
  ]);
  const mappings = Object.entries(spec.flows ?? {}).map(([name, f]) => [
    name,
    `${f.from.system} → ${f.to.system}`,
    f.entity ?? '—',
    flowFrequency(f),
    flowVolume(f) ?? '—',
    f.mapping ? `sheet ${f.mapping}` : f.fields ? `${f.fields.length} fields` : 'by name',
    f.history ?? '—',
  ]);
  return {
    project: spec.project,
    generatedAt: now.toISOString(),
    plan,
    systems,
    ownership: ownershipOf(spec),
    mappings,
    highlights: [...profiles].flatMap(profileHighlights),
  };
}

function ownershipOf(spec: Spec): ReportModel['ownership'] {
  const systems = Object.keys(spec.systems);
  const rows: OwnershipRow[] = [];
  for (const [entity, declared] of Object.entries(spec.entities ?? {})) {
    const writes = new Map<string, Map<string, string[]>>(); // field -> system -> flows
    for (const [flowName, flow] of Object.entries(spec.flows ?? {})) {
      if (flow.entity !== entity) continue;
      for (const field of flow.fields ?? [])
        for (const to of Array.isArray(field.to) ? field.to : [field.to]) {
          const bySystem = writes.get(to) ?? new Map<string, string[]>();
          bySystem.set(flow.to.system, [...(bySystem.get(flow.to.system) ?? []), flowName]);
          writes.set(to, bySystem);
        }
    }
    const fields = [...new Set(['*', ...Object.keys(declared.fields ?? {}), ...writes.keys()])];
    for (const field of fields) {
      const owner =
        field === '*' ? declared.sourceOfTruth : (declared.fields?.[field] ?? declared.sourceOfTruth);
      const cells = systems.map((system) => {
        const flows = writes.get(field)?.get(system);
        if (system === owner) return flows ? `owner, written by ${flows.join(', ')}` : 'owner';
        return flows ? `written by ${flows.join(', ')}` : '';
      });
      rows.push({ entity, field: field === '*' ? '(entity)' : field, cells });
    }
  }
  return { systems, rows };
}

/** One line per noteworthy column: mixed formats, many empties, padding, control characters. */
export function profileHighlights(profile: TableProfile): string[] {
  const at = `${profile.system}.${profile.table}`;
  return profile.columns.flatMap((c) => {
    const notes: string[] = [];
    for (const [kind, report] of Object.entries(c.formats))
      if (report && (report.formats.length > 1 || report.ambiguous > 0))
        notes.push(`${at}.${c.name}: mixed ${kind} formats: ${describeFormats(report)}`);
    const empty = c.nulls + c.empty + c.whitespace;
    if (c.count > 0 && empty / c.count >= 0.2)
      notes.push(`${at}.${c.name}: ${Math.round((empty / c.count) * 100)}% empty`);
    if (c.padded.leading + c.padded.trailing > 0)
      notes.push(
        `${at}.${c.name}: ${c.padded.leading + c.padded.trailing} values with leading or trailing spaces`,
      );
    if (c.scripts.control)
      notes.push(`${at}.${c.name}: ${c.scripts.control.values} values with control characters`);
    return notes;
  });
}
