import { z } from 'zod';

/**
 * Walks a zod schema along a spec path, the way the parser walked the data, so that a problem
 * can say which keys are allowed at a place or what a missing key is for. Returns every schema
 * that could apply (a union may offer several); an empty list means the path leaves the schema.
 */
export function schemasAtPath(root: z.ZodType, path: readonly (string | number)[]): z.ZodType[] {
  let current = unwrap(root);
  for (const segment of path) {
    current = unwrap(current.flatMap((schema) => childSchemas(schema, segment)));
    if (current.length === 0) break;
  }
  return current;
}

/** Keys a mapping at `path` may have; empty when any key is allowed or the place is unknown. */
export function allowedKeysAt(root: z.ZodType, path: readonly (string | number)[]): string[] {
  const keys = new Set<string>();
  for (const schema of schemasAtPath(root, path)) {
    if (schema instanceof z.ZodObject) for (const key of Object.keys(schema.shape)) keys.add(key);
  }
  return [...keys];
}

/** The `.describe()` text of the first schema at `path` that has one. */
export function descriptionAt(root: z.ZodType, path: readonly (string | number)[]): string | undefined {
  let current: z.ZodType[] = [root];
  for (const segment of path) current = current.flatMap((schema) => childSchemas(schema, segment, true));
  // Descriptions sit on wrappers as often as on the inner schema (`.optional().describe(...)`).
  for (const schema of current) {
    for (let inner: z.ZodType | undefined = schema; inner; inner = innerOf(inner)) {
      if (inner.description) return inner.description;
    }
  }
  return undefined;
}

function childSchemas(schema: z.ZodType, segment: string | number, unwrapFirst = false): z.ZodType[] {
  if (unwrapFirst) return unwrap(schema).flatMap((inner) => childSchemas(inner, segment));
  if (schema instanceof z.ZodObject) {
    const child = (schema.shape as Record<string, z.ZodType>)[String(segment)];
    return child ? [child] : [];
  }
  if (schema instanceof z.ZodRecord) return [schema.valueType as z.ZodType];
  if (schema instanceof z.ZodArray && typeof segment === 'number') return [schema.element as z.ZodType];
  if (schema instanceof z.ZodTuple && typeof segment === 'number') {
    const item = (schema.def.items as z.ZodType[])[segment];
    return item ? [item] : [];
  }
  return [];
}

/** Looks through optional/default/nullable wrappers and spreads unions into their options. */
function unwrap(schemas: z.ZodType | readonly z.ZodType[]): z.ZodType[] {
  const out: z.ZodType[] = [];
  const pending = Array.isArray(schemas) ? [...schemas] : [schemas as z.ZodType];
  for (let schema = pending.shift(); schema; schema = pending.shift()) {
    const inner = innerOf(schema);
    if (inner) pending.push(inner);
    else if (schema instanceof z.ZodUnion) pending.push(...(schema.options as z.ZodType[]));
    else out.push(schema);
  }
  return out;
}

function innerOf(schema: z.ZodType): z.ZodType | undefined {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly
  ) {
    return schema.unwrap() as z.ZodType;
  }
  if (schema instanceof z.ZodPipe) return schema.in as z.ZodType;
  if (schema instanceof z.ZodLazy) return schema.unwrap() as z.ZodType;
  return undefined;
}
