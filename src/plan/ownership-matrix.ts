import type { Spec } from '../spec/schema.js';

/** Who owns one field of an entity, who receives it, and through which flows. */
export interface FieldOwnership {
  /** `*` stands for the entity as a whole (its sourceOfTruth). */
  readonly field: string;
  /** The system that is the field's source of truth. */
  readonly owner: string;
  /** The systems flows write the field to. */
  readonly readers: readonly string[];
  /** The flows that write it. */
  readonly flows: readonly string[];
}

export interface OwnershipMatrix {
  readonly systems: readonly string[];
  readonly entities: readonly { readonly entity: string; readonly fields: readonly FieldOwnership[] }[];
}

/**
 * The ownership matrix of the spec (the dashboard's plan view): per entity, the entity as a
 * whole, then each field with an owner of its own or written by a flow of the entity. Pure.
 */
export function ownershipMatrix(spec: Spec): OwnershipMatrix {
  const entities = Object.entries(spec.entities ?? {}).map(([entity, declared]) => {
    const writes = new Map<string, { readers: Set<string>; flows: Set<string> }>();
    for (const [flowName, flow] of Object.entries(spec.flows ?? {})) {
      if (flow.entity !== entity) continue;
      for (const field of flow.fields ?? [])
        for (const to of [field.to].flat()) {
          const written = writes.get(to) ?? { readers: new Set<string>(), flows: new Set<string>() };
          written.readers.add(flow.to.system);
          written.flows.add(flowName);
          writes.set(to, written);
        }
    }
    const names = [...new Set(['*', ...Object.keys(declared.fields ?? {}), ...writes.keys()])];
    const fields = names.map((field) => ({
      field,
      owner: field === '*' ? declared.sourceOfTruth : (declared.fields?.[field] ?? declared.sourceOfTruth),
      readers: [...(writes.get(field)?.readers ?? [])],
      flows: [...(writes.get(field)?.flows ?? [])],
    }));
    return { entity, fields };
  });
  return { systems: Object.keys(spec.systems), entities };
}
