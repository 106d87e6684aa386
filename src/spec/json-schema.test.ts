import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildJsonSchema, formatJsonSchema } from './json-schema.js';

// The committed syncline.schema.json (the spec alone, no connector kinds) must never go stale.
// After changing schema.ts, regenerate it with: UPDATE_SCHEMA=1 npx vitest run src/spec/json-schema.test.ts
const committed = new URL('../../syncline.schema.json', import.meta.url);

/** Reads a nested property of generated JSON (the shape is checked by the assertions). */
function dig(value: unknown, ...keys: (string | number)[]): unknown {
  return keys.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

describe('buildJsonSchema', () => {
  it('matches the committed syncline.schema.json', () => {
    const text = formatJsonSchema(buildJsonSchema());
    if (process.env.UPDATE_SCHEMA) writeFileSync(committed, text);
    expect(readFileSync(committed, 'utf8')).toBe(text);
  });

  it('is draft-07 with a title, and keys with defaults are optional to write', () => {
    const schema = buildJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toMatch(/syncline/);
    expect(schema.required).toEqual(['version', 'project', 'systems']);
    const flow = dig(schema, 'properties', 'flows', 'additionalProperties');
    expect(dig(flow, 'required')).toEqual(['from', 'to']);
    expect(dig(flow, 'properties', 'onInvalid', 'default')).toBe('dead-letter');
    expect(dig(flow, 'properties', 'from', 'description')).toMatch(/Where records come from/);
  });

  it('offers the known connector kinds plus manual, and each kind its connection schema', () => {
    const connectors = [
      { kind: 'postgres', config: z.object({ url: z.string(), poolSize: z.number().int().optional() }) },
      { kind: 'files', config: z.object({ dir: z.string() }) },
    ];
    const system = dig(buildJsonSchema(connectors), 'properties', 'systems', 'additionalProperties');
    expect(dig(system, 'properties', 'kind', 'enum')).toEqual(['postgres', 'files', 'manual']);
    expect(dig(system, 'allOf')).toHaveLength(2);
    expect(dig(system, 'allOf', 0, 'if')).toEqual({
      properties: { kind: { const: 'postgres' } },
      required: ['kind'],
    });
    const connection = dig(system, 'allOf', 0, 'then', 'properties', 'connection');
    expect(dig(connection, 'required')).toEqual(['url']);
    // A number may still be written as a secret reference.
    expect(dig(connection, 'properties', 'poolSize', 'anyOf')).toEqual([
      expect.objectContaining({ type: 'integer' }),
      expect.objectContaining({ type: 'string', pattern: expect.stringContaining('env|file') }),
    ]);
  });

  it('leaves the kind open without connectors', () => {
    const system = dig(buildJsonSchema(), 'properties', 'systems', 'additionalProperties');
    expect(dig(system, 'properties', 'kind', 'enum')).toBeUndefined();
    expect(dig(system, 'allOf')).toBeUndefined();
  });
});
