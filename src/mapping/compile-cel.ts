import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { type Issue, issue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import { celLibrary } from './cel-library.js';
import { suggestName } from './suggest-name.js';
import type { CompileContext } from './transform.js';

/**
 * CEL (Common Expression Language) for what the named transforms and rules do not cover:
 * safe (no JS evaluation, no loops beyond bounded macros, no I/O), parsed and type-checked
 * once when the mapping compiles. An expression sees
 *
 * - `value`: the field's value at this point of the pipe,
 * - `row`: the whole source record, as a map (`row["Customer Name"]`, `has(row.fax)`),
 * - every source field of the flow whose name is an identifier, by name (`Country == "Brazil"`).
 *
 * Record numbers are CEL doubles (write `value * 1.19`, `value + 1.0` or `int(value) + 1`);
 * CEL integers come back as numbers (bigints beyond 2^53).
 */
export type CelRun = (value: unknown, row: Row) => unknown;

/** A value CEL could not compute, with the reason, kept apart from real results. */
export class CelFailure {
  constructor(readonly reason: string) {}
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
// CEL reserved words and the names the environment itself gives meaning to.
const reserved = new Set([
  'value',
  'row',
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

export function compileCel(
  expression: string,
  context: CompileContext,
  expected: 'any' | 'bool',
): CelRun | Issue {
  const environment = new (celLibrary().Environment)({ homogeneousAggregateLiterals: false })
    .registerVariable('value', 'dyn')
    .registerVariable('row', 'map');
  const fields: string[] = [];
  for (const name of context.rowFields ?? context.sources) {
    if (!identifier.test(name) || reserved.has(name)) continue;
    try {
      environment.registerVariable(name, 'dyn');
      fields.push(name);
    } catch {
      // A CEL type name (int, map, type): the field stays reachable as row["int"].
    }
  }

  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = environment.parse(expression);
  } catch (error) {
    return celIssue(expression, error, []);
  }
  const checked = parsed.check();
  if (!checked.valid) return celIssue(expression, checked.error, ['value', 'row', ...fields]);
  if (expected === 'bool' && checked.type !== 'bool' && checked.type !== 'dyn') {
    return issue(
      'bad-cel',
      '',
      `${JSON.stringify(expression)} gives ${checked.type}, but a rule needs true or false`,
      {
        hint: 'write a comparison or a test, e.g. value.size() <= 40 or Country in ["Brazil", "Portugal"]',
      },
    );
  }

  const used = [...identifiersIn(parsed.ast)].filter((name) => fields.includes(name));
  const count = used.length;
  return function runCel(value, row) {
    const scope: Record<string, unknown> = { value: toCel(value), row };
    for (let i = 0; i < count; i++) {
      const name = used[i] as string;
      if (!Object.hasOwn(row, name)) return new CelFailure(`the record has no field "${name}"`);
      scope[name] = toCel(row[name]);
    }
    try {
      return fromCel(parsed(scope));
    } catch (error) {
      return new CelFailure(firstLine(error));
    }
  };
}

function celIssue(expression: string, error: unknown, known: readonly string[]): Issue {
  const code = (error as { code?: string } | undefined)?.code;
  const summary = firstLine(error);
  let hint = 'see https://cel.dev for the language; docs/mapping.md lists the variables';
  if (code === 'unknown_variable') {
    const name = summary.replace(/^Unknown variable: /, '');
    const near = suggestName(name, known);
    hint = near
      ? `did you mean "${near}"?`
      : `known names: ${known.join(', ')}; write row["${name}"] for a field not named in the mapping`;
  }
  const at = (error as { range?: { start: number } } | undefined)?.range?.start;
  return issue(
    'bad-cel',
    '',
    `${JSON.stringify(expression)}: ${summary}${at === undefined ? '' : ` at column ${at + 1}`}`,
    { hint },
  );
}

function firstLine(error: unknown): string {
  const summary = (error as { summary?: unknown } | undefined)?.summary;
  if (typeof summary === 'string') return summary;
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function identifiersIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) identifiersIn(item, found);
    return found;
  }
  if (typeof node !== 'object' || node === null || !('op' in node)) return found;
  const ast = node as ASTNode;
  if (ast.op === 'id') found.add(ast.args);
  else identifiersIn(ast.args, found);
  return found;
}

function toCel(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** CEL ints are bigints and uints wrapped; records carry numbers. */
function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (typeof value === 'object' && value !== null && value.constructor?.name === 'UnsignedInteger') {
    return fromCel((value as { value: unknown }).value);
  }
  if (Array.isArray(value)) return value.map(fromCel);
  return value;
}
