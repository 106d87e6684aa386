import type { FlowSpec, Spec } from '../../spec/schema.js';
import type { PlanRule } from '../plan-rule.js';

interface FieldWrite {
  readonly flow: string;
  readonly index: number;
  readonly entity: string;
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

/** Every target field each flow with an entity writes (flows copying by name are not known here). */
function fieldWrites(spec: Spec): FieldWrite[] {
  return Object.entries(spec.flows ?? {}).flatMap(([flow, f]: [string, FlowSpec]) =>
    f.entity === undefined
      ? []
      : (f.fields ?? []).flatMap((field, index) =>
          (Array.isArray(field.to) ? field.to : [field.to]).map((to) => ({
            flow,
            index,
            entity: f.entity as string,
            field: to,
            from: f.from.system,
            to: f.to.system,
          })),
        ),
  );
}

/** The system that owns a field of an entity: its own owner, else the entity's source of truth. */
const ownerOf = (spec: Spec, entity: string, field: string) => {
  const declared = spec.entities?.[entity];
  return declared?.fields?.[field] ?? declared?.sourceOfTruth;
};

/** Step 3: who owns each field, and who wins when two flows write it. */
export const mappingRules: readonly PlanRule[] = [
  {
    code: 'SL301',
    step: 3,
    severity: 'error',
    title: 'field written from two systems without a conflict policy',
    meaning:
      'Two flows write the same field of an entity from different systems: the last run wins by accident, and values flip back and forth.',
    fix: 'set conflict: (source-of-truth, last-write-wins or manual-review) on the entity, or let only the owner write the field',
    check: ({ spec }) => {
      const byField = new Map<string, FieldWrite[]>();
      for (const write of fieldWrites(spec)) {
        const id = `${write.entity}\u0000${write.to}\u0000${write.field}`;
        byField.set(id, [...(byField.get(id) ?? []), write]);
      }
      const hits = [...byField.values()].flatMap((writes) => {
        const first = writes[0];
        const sources = new Set(writes.map((w) => w.from));
        if (!first || sources.size < 2 || spec.entities?.[first.entity]?.conflict) return [];
        const later = writes.find((w) => w.from !== first.from) ?? first;
        return [
          {
            path: ['flows', later.flow, 'fields', later.index],
            message: `${first.entity}.${first.field} in "${first.to}" is written from ${[...sources].map((s) => `"${s}"`).join(' and ')} (flows ${[...new Set(writes.map((w) => w.flow))].join(', ')}) with no conflict policy`,
          },
        ];
      });
      return { checked: byField.size, hits };
    },
  },
  {
    code: 'SL302',
    step: 3,
    severity: 'error',
    title: 'flow overwrites a field its target owns',
    meaning:
      "The target system is the source of truth for the field, yet the flow writes another system's value over it: the owner's data is lost.",
    fix: 'drop the field from the flow, or change the owner under entities: if the source really owns it',
    check: ({ spec }) => {
      const writes = fieldWrites(spec);
      return {
        checked: writes.length,
        hits: writes
          .filter((w) => ownerOf(spec, w.entity, w.field) === w.to && w.from !== w.to)
          .map((w) => ({
            path: ['flows', w.flow, 'fields', w.index],
            message: `flow "${w.flow}" writes ${w.entity}.${w.field}, which its target "${w.to}" owns`,
          })),
      };
    },
  },
];
