import { IntegrationError } from '../../core/integration-error.js';

/**
 * A small, safe JSON path: `$`, `$.data.items`, `$['odd name'][0].id` — member names and array
 * indexes only, no filters, no expressions, never evaluated as code.
 */
export type JsonPath = readonly (string | number)[];

const segment = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;

/** Parses a path, or returns why it is not one. */
export function parseJsonPath(text: string): JsonPath | string {
  if (!text.startsWith('$')) return 'a JSON path starts with $ (e.g. $.data.items)';
  const out: (string | number)[] = [];
  let at = 1;
  while (at < text.length) {
    segment.lastIndex = at;
    const match = segment.exec(text);
    if (match === null) return `unexpected "${text.slice(at)}" (use .name, ['name'] or [0])`;
    const [, dotted, index, single, double] = match;
    if (index !== undefined) out.push(Number(index));
    else out.push((dotted ?? single ?? double ?? '').replace(/\\(.)/g, '$1'));
    at = segment.lastIndex;
  }
  return out;
}

/** Parses a path from a validated option; a bad one is a config error naming the option. */
export function compileJsonPath(text: string, system: string, option: string): JsonPath {
  const path = parseJsonPath(text);
  if (typeof path === 'string') {
    throw new IntegrationError(`System "${system}": ${option} "${text}" is not a JSON path: ${path}`, {
      kind: 'config',
      code: 'json-path-invalid',
    });
  }
  return path;
}

/** The value at `path`, or undefined when a step is missing. */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}
