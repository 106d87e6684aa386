import { buildJsonSchema } from './json-schema.js';

/**
 * The key-by-key reference of spec v1 in Markdown, generated from the JSON Schema (and so from
 * the zod schema's `.describe()` texts), so the docs cannot drift from what the loader accepts.
 * docs/spec.md embeds it between markers; a test keeps it current.
 */
export function renderSpecReference(): string {
  const sections: string[] = [];
  visitBlock(buildJsonSchema(), '', sections);
  return `${sections.join('\n\n')}\n`;
}

type Schema = Record<string, unknown>;

interface Row {
  readonly key: string;
  readonly type: string;
  readonly presence: string;
  readonly description: string;
}

function visitBlock(schema: Schema, path: string, sections: string[]): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows: Row[] = [];
  const nested: [Schema, string][] = [];
  for (const [key, property] of Object.entries(properties)) {
    rows.push({
      key,
      type: describeType(property),
      presence: required.has(key)
        ? 'required'
        : 'default' in property
          ? `default ${show(property.default)}`
          : '',
      description: String(property.description ?? ''),
    });
    for (const [block, suffix] of blocksIn(property)) nested.push([block, `${key}${suffix}`]);
  }
  const title = path === '' ? 'Top level' : `\`${path}\``;
  const intro =
    schema.additionalProperties === true ? '\n\nOther keys are allowed and depend on the system kind.' : '';
  sections.push(
    [
      `### ${title}${intro}`,
      '',
      '| key | value | required / default | meaning |',
      '|---|---|---|---|',
      ...rows.map(
        (row) => `| \`${row.key}\` | ${row.type} | ${row.presence} | ${escapeCell(row.description)} |`,
      ),
    ].join('\n'),
  );
  for (const [block, name] of nested) visitBlock(block, path === '' ? name : `${path}.${name}`, sections);
}

/** Blocks of keys reachable from a property, with the path suffix that leads to each. */
function blocksIn(schema: Schema): [Schema, string][] {
  if (schema.properties) return [[schema, '']];
  const values = schema.additionalProperties;
  if (isSchema(values) && values.properties) return [[values, '.<name>']];
  if (isSchema(schema.items) && schema.items.properties) return [[schema.items, '[]']];
  return [];
}

function describeType(schema: Schema): string {
  if ('const' in schema) return `\`${show(schema.const)}\``;
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => `\`${show(v)}\``).join(', ')}`;
  if (Array.isArray(schema.anyOf)) return listOr((schema.anyOf as Schema[]).map(describeType));
  if (Array.isArray(schema.type)) return listOr(schema.type.map((type) => describeType({ ...schema, type })));
  switch (schema.type) {
    case 'string':
      return describeText(String(schema.pattern ?? ''));
    case 'number':
      return `number${range(schema)}`;
    case 'integer':
      return `whole number${range(schema)}`;
    case 'boolean':
      return '`true` or `false`';
    case 'null':
      return 'empty';
    case 'array':
      if (Array.isArray(schema.items)) return `[${(schema.items as Schema[]).map(describeType).join(', ')}]`;
      return `list of ${isSchema(schema.items) ? describeType(schema.items) : 'values'}`;
    case 'object': {
      if (schema.properties) return 'block (below)';
      const values = schema.additionalProperties;
      if (!isSchema(values) || Object.keys(values).length === 0) return 'block of any keys';
      const names = isSchema(schema.propertyNames) && schema.propertyNames.pattern ? 'name' : 'key';
      return `${names} → ${values.properties ? 'block (below)' : describeType(values)}`;
    }
    default:
      return 'any value';
  }
}

function describeText(pattern: string): string {
  if (pattern.includes('A-Za-z')) return 'name';
  if (pattern.includes('ms|s|m|h|d')) return 'duration (`30s`, `5m`, `1h`, `2d`)';
  return 'text';
}

function range(schema: Schema): string {
  // zod's .int() adds the largest safe integer as a maximum, which tells a reader nothing.
  const high = Number(schema.maximum) < Number.MAX_SAFE_INTEGER ? Number(schema.maximum) : undefined;
  const low = schema.minimum === undefined ? undefined : Number(schema.minimum);
  const isPositive = schema.exclusiveMinimum === 0;
  if (high !== undefined) return ` (${isPositive ? 1 : (low ?? '')}–${high})`;
  if (isPositive) return ' (more than 0)';
  return low === undefined ? '' : ` (${low} or more)`;
}

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
