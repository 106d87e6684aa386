import type { z } from 'zod';
import { didYouMean } from '../core/did-you-mean.js';
import { isRecord } from '../core/is-record.js';
import { hasSecretReference } from '../spec/resolve-secrets.js';
import { genericEndpointKeys } from '../spec/schema.js';
import type { SpecPath } from '../spec/spec-problem.js';

export type Report = (
  path: SpecPath,
  code: string,
  message: string,
  hint?: string,
  target?: 'key' | 'value',
) => void;

/** The keys of a from:/to: block that belong to the connector rather than the engine. */
export function connectorKeys(block: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const generic = new Set<string>(genericEndpointKeys);
  return Object.fromEntries(Object.entries(block).filter(([key]) => !generic.has(key)));
}

/** Validates a connector-owned block; values that are secret references are checked only once resolved. */
export function checkAgainst(
  schema: z.ZodType,
  value: Record<string, unknown>,
  path: SpecPath,
  report: Report,
): { ok: true; value: unknown } | { ok: false } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  let blocking = 0;
  for (const issue of result.error.issues) {
    const at = [...path, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const actual = valueAt(value, issue.path);
    if (typeof actual === 'string' && hasSecretReference(actual)) continue;
    blocking++;
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema);
      for (const key of issue.keys) {
        const guess = didYouMean(key, allowed);
        report(
          [...at, key],
          'unknown-key',
          `unknown key "${key}"`,
          guess ? `did you mean "${guess}"?` : `allowed here: ${allowed.join(', ')}`,
          'key',
        );
      }
    } else {
      report(at, 'invalid-value', issue.message);
    }
  }
  return blocking === 0 ? { ok: true, value } : { ok: false };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (!isRecord(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function allowedKeys(schema: z.ZodType): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}
