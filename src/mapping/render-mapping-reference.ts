import { z } from 'zod';
import type { Row } from '../core/row.js';
import type { RuleDefinition } from './rule.js';
import { rules as builtInRules } from './rule-registry.js';
import type { TransformDefinition } from './transform.js';
import { transforms as builtInTransforms } from './transform-registry.js';

/**
 * The transform and rule reference of docs/mapping.md, generated from the registries: each
 * definition's summary, its arguments from the zod schema (type, default, `.describe()` text)
 * and its examples, which examples.test.ts runs. A test keeps docs/mapping.md in step.
 */
export function renderMappingReference(
  transforms: readonly TransformDefinition[] = builtInTransforms,
  rules: readonly RuleDefinition[] = builtInRules,
): string {
  const sections = [
    '### Transforms',
    '',
    ...transforms.map((definition) =>
      renderDefinition(definition, ['value', 'result'], (definition.examples ?? []).map(transformExample)),
    ),
    '### Rules',
    '',
    ...rules.map((definition) =>
      renderDefinition(definition, ['value', 'passes?'], (definition.examples ?? []).map(ruleExample)),
    ),
  ];
  return `${sections.join('\n').trimEnd()}\n`;
}

type Schema = Record<string, unknown>;

function renderDefinition(
  definition: TransformDefinition | RuleDefinition,
  columns: readonly [string, string],
  examples: readonly [string, string, string][],
): string {
  const schema = z.toJSONSchema(definition.args, { io: 'input', unrepresentable: 'any' }) as Schema;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const positional = definition.positional ?? [];
  const names = Object.keys(properties);
  const lines = [
    `#### ${definition.name}`,
    '',
    `\`${signature(definition.name, positional, names)}\` — ${definition.summary}`,
    '',
  ];
  if (names.length > 0) {
    lines.push('| argument | value | default | meaning |', '|---|---|---|---|');
    for (const name of names) {
      const property = properties[name] as Schema;
      const place = positional.indexOf(name);
      const label = place < 0 ? `\`${name}\`` : `\`${name}\` (${ordinal(place + 1)})`;
      const presence = required.has(name)
        ? 'required'
        : 'default' in property
          ? `\`${showArg(property.default)}\``
          : '—';
      lines.push(
        `| ${label} | ${describeType(property)} | ${presence} | ${cell(String(property.description ?? ''))} |`,
      );
    }
    lines.push('');
  }
  if (examples.length > 0) {
    lines.push(`| step | ${columns[0]} | ${columns[1]} |`, '|---|---|---|');
    for (const [step, input, output] of examples) lines.push(`| \`${cell(step)}\` | ${input} | ${output} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function transformExample(example: {
  step: string;
  input: unknown;
  output: unknown;
  row?: Row;
  targets?: readonly string[];
}): [string, string, string] {
  const input = withRow(code(example.input), example.row);
  const output =
    example.targets === undefined
      ? code(example.output)
      : example.targets.map((target, i) => `${target}: ${code((example.output as unknown[])[i])}`).join(', ');
  return [example.step, input, output];
}

function ruleExample(example: {
  step: string;
  input: unknown;
  passes: boolean;
  row?: Row;
}): [string, string, string] {
  return [example.step, withRow(code(example.input), example.row), example.passes ? 'passes' : 'fails'];
}

function withRow(shown: string, row: Row | undefined): string {
  if (row === undefined) return shown;
  const fields = Object.entries(row).map(([name, value]) => `${name}: ${showValue(value)}`);
  return `${shown}, record {${cell(fields.join(', '))}}`;
}

function signature(name: string, positional: readonly string[], names: readonly string[]): string {
  const named = names.filter((arg) => !positional.includes(arg)).map((arg) => `${arg}: …`);
  const parts = [...positional, ...named];
  return parts.length === 0 ? name : `${name}(${parts.join(', ')})`;
}

function describeType(schema: Schema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => `\`${showArg(v)}\``).join(', ')}`;
  if (Array.isArray(schema.anyOf)) return listOr((schema.anyOf as Schema[]).map(describeType));
  if (Array.isArray(schema.type)) return listOr(schema.type.map((type) => describeType({ ...schema, type })));
  switch (schema.type) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'integer':
      return `whole number${range(schema)}`;
    case 'boolean':
      return '`true` or `false`';
    case 'null':
      return '`null`';
    case 'array':
      return `list of ${schema.items && typeof schema.items === 'object' ? describeType(schema.items as Schema) : 'values'}`;
    case 'object':
      return 'table `{key: value, …}`';
    default:
      return 'any value';
  }
}

function range(schema: Schema): string {
  // zod's .int() adds ±(2^53 - 1) as bounds, which tell a reader nothing.
  const safe = Number.MAX_SAFE_INTEGER;
  const high = Number(schema.maximum) < safe ? Number(schema.maximum) : undefined;
  const exclusiveLow = schema.exclusiveMinimum === 0 ? 1 : undefined;
  const low = Number(schema.minimum) > -safe ? Number(schema.minimum) : exclusiveLow;
  if (low !== undefined && high !== undefined) return ` (${low}–${high})`;
  if (low !== undefined) return ` (${low} or more)`;
  if (high !== undefined) return ` (up to ${high})`;
  return '';
}

function listOr(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

function code(value: unknown): string {
  return `\`${cell(showValue(value))}\``;
}

/** An argument's default as it would be written in a step. */
function showArg(value: unknown): string {
  return typeof value === 'string'
    ? value === '' || /[\s,:|()[\]{}'"]/.test(value)
      ? `'${value}'`
      : value
    : JSON.stringify(value);
}

/** A value as it appears in the examples: text quoted, dates as date(ISO), lists in brackets. */
function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return `date(${value.toISOString()})`;
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
