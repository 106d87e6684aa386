import { isRecord } from '../../core/is-record.js';
import type { TableShape } from '../../core/table-shape.js';
import { resolveSchema, type SchemaObject, schemaColumns } from './openapi-columns.js';

/**
 * The resources of an OpenAPI 3 document as tables, one per path: readable when its GET answers
 * a JSON array of records (the body, or an array inside it such as `data.items`), writable when
 * POST or PUT takes a JSON body. The columns come from the record schema (the GET's items, else
 * the request body); the key from the path's own `{param}`, or from an item path below it
 * (`/customers/{id}` for `/customers`). Paths are as the document writes them.
 */
export function openApiTables(document: SchemaObject, only: readonly string[]): TableShape[] {
  const paths = isRecord(document.paths) ? document.paths : {};
  const names = Object.keys(paths);
  return Object.entries(paths).flatMap(([path, raw]): TableShape[] => {
    if (only.length > 0 && !only.includes(path)) return [];
    const item = isRecord(raw) ? raw : {};
    // A GET on an item path (`/customers/{id}`) answers one record, not a collection.
    const records = path.endsWith('}') ? undefined : recordsOf(document, item.get);
    const body = [item.post, item.put].map((operation) => bodyOf(document, operation)).find(Boolean);
    if (records === undefined && body === undefined) return [];
    const schema = records ?? body;
    const columns = schemaColumns(document, schema);
    return [
      {
        name: path,
        kind: 'table',
        columns,
        primaryKey: keyOf(path, names).filter((key) => columns.some((c) => c.name === key)),
        access: { read: records !== undefined, write: body !== undefined },
      },
    ];
  });
}

/** The record schema of a GET whose success answer is (or holds) a JSON array. */
function recordsOf(document: SchemaObject, operation: unknown): SchemaObject | undefined {
  if (!isRecord(operation) || !isRecord(operation.responses)) return undefined;
  const responses = operation.responses;
  const success = ['200', '2XX', '2xx', 'default'].map((code) => responses[code]).find(isRecord);
  const schema = jsonSchemaOf(document, success);
  return schema === undefined ? undefined : arrayItems(document, schema, 0);
}

function bodyOf(document: SchemaObject, operation: unknown): SchemaObject | undefined {
  if (!isRecord(operation)) return undefined;
  const schema = jsonSchemaOf(document, operation.requestBody);
  if (schema === undefined) return undefined;
  return schema.type === 'array' ? resolveSchema(document, schema.items) : schema;
}

/** The JSON schema of a response or request body (`content: {application/json: {schema}}`). */
function jsonSchemaOf(document: SchemaObject, holder: unknown): SchemaObject | undefined {
  const resolved = resolveSchema(document, holder);
  if (!isRecord(resolved.content)) return undefined;
  const media = Object.entries(resolved.content).find(([type]) => /json/i.test(type))?.[1];
  return isRecord(media) && isRecord(media.schema) ? resolveSchema(document, media.schema) : undefined;
}

/** The records of the array a body is, or of the first array of objects inside it (`data.items`). */
function arrayItems(document: SchemaObject, schema: SchemaObject, depth: number): SchemaObject | undefined {
  if (schema.type === 'array') {
    const items = resolveSchema(document, schema.items);
    return depth === 0 || items.type === 'object' || isRecord(items.properties) ? items : undefined;
  }
  if (depth > 3 || !isRecord(schema.properties)) return undefined;
  for (const property of Object.values(schema.properties)) {
    const found = arrayItems(document, resolveSchema(document, property), depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `{id}` in the path itself, else the parameters of an item path just below it. */
function keyOf(path: string, paths: readonly string[]): string[] {
  const own = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  if (own.length > 0) return own;
  const below = paths.find((other) => new RegExp(`^${escapeRegExp(path)}(/\\{[^}/]+\\})+$`).test(other));
  return below === undefined
    ? []
    : [...below.slice(path.length).matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
