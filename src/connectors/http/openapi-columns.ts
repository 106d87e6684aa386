import { isRecord } from '../../core/is-record.js';
import type { ColumnShape } from '../../core/table-shape.js';

/** A JSON Schema object as OpenAPI 3.0 and 3.1 write it; only the keys discovery reads. */
export type SchemaObject = Readonly<Record<string, unknown>>;

/** Nested objects deeper than this are not flattened further (and cyclic $refs stop here). */
const maxDepth = 8;

/**
 * Resolves `$ref` (local: `#/components/schemas/Customer`) and merges `allOf` into one schema:
 * properties and required names of every part, the other keys of the last part that has them.
 */
export function resolveSchema(document: SchemaObject, schema: unknown, depth = 0): SchemaObject {
  if (!isRecord(schema) || depth > maxDepth) return {};
  if (typeof schema.$ref === 'string') {
    const { $ref, ...siblings } = schema;
    return { ...resolveSchema(document, pointer(document, $ref), depth + 1), ...siblings };
  }
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  const parts = [...allOf.map((part) => resolveSchema(document, part, depth + 1)), own];
  const properties = Object.assign(
    {},
    ...parts.map((part) => (isRecord(part.properties) ? part.properties : {})),
  );
  const required = parts.flatMap((part) => (Array.isArray(part.required) ? part.required : []));
  return { ...Object.assign({}, ...parts), type: 'object', properties, required };
}

/** The value a local JSON pointer names (`#/components/schemas/Customer`), or undefined. */
function pointer(document: SchemaObject, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    current = isRecord(current) ? current[key] : undefined;
  }
  return current;
}

/**
 * A record schema's properties as columns. A nested object is a column of its own (the record
 * holds it whole) and its properties follow as dotted paths (`address.city`), the way a flow's
 * JSON paths name them. A nested field is nullable when it, or an object above it, may be left
 * out. Arrays are one column (`array<string>`).
 */
export function schemaColumns(document: SchemaObject, schema: unknown): ColumnShape[] {
  return collect(document, resolveSchema(document, schema), '', false, 0);
}

function collect(
  document: SchemaObject,
  schema: SchemaObject,
  prefix: string,
  parentOptional: boolean,
  depth: number,
): ColumnShape[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(properties).flatMap(([name, raw]) => {
    const property = resolveSchema(document, raw);
    const path = `${prefix}${name}`;
    const nullable = parentOptional || !required.has(name) || allowsNull(property);
    const column = columnOf(document, path, property, nullable);
    if (typeOf(property) !== 'object' || depth >= maxDepth) return [column];
    return [column, ...collect(document, property, `${path}.`, nullable, depth + 1)];
  });
}

function columnOf(
  document: SchemaObject,
  name: string,
  schema: SchemaObject,
  nullable: boolean,
): ColumnShape {
  const type = typeOf(schema);
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const items = type === 'array' ? typeOf(resolveSchema(document, schema.items)) : undefined;
  return {
    name,
    type:
      items !== undefined ? `array<${items}>` : format === 'date' || format === 'date-time' ? format : type,
    nullable,
    // The API fills a readOnly field (an id, a timestamp), and a default when it is left out.
    hasDefault: schema.readOnly === true || schema.default !== undefined,
    ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
    ...(format === undefined ? {} : { format }),
    ...(Array.isArray(schema.enum) ? { enum: schema.enum as ColumnShape['enum'] & {} } : {}),
  };
}

/** The schema's type; 3.1's `type: [string, 'null']` gives the non-null one. */
function typeOf(schema: SchemaObject): string {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') as string | undefined) ?? 'null';
  return isRecord(schema.properties) ? 'object' : 'any';
}

const allowsNull = (schema: SchemaObject): boolean =>
  schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
