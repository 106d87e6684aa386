/**
 * Markdown key tables from a JSON Schema: one table per block of keys (key, value type, required
 * or default, meaning), then one per nested block. The spec reference (docs/spec.md) and the
 * connector references (docs/connectors/*.md) are both rendered with it, so they read alike.
 */
export type JsonSchemaNode = Record<string, unknown>;

interface KeyRow {
  readonly key: string;
  readonly type: string;
  readonly presence: string;
  readonly description: string;
}

/**
 * Appends the table of `schema`'s keys, titled `title`, and those of every block nested in it
 * (named by `path` and the keys that lead there) to `sections`.
 */
export function renderKeyTables(
  schema: JsonSchemaNode,
  path: string,
  title: string,
  sections: string[],
): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaNode>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows: KeyRow[] = [];
  const nested: [JsonSchemaNode, string][] = [];
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
  for (const [block, name] of nested) {
    const blockPath = path === '' ? name : `${path}.${name}`;
    renderKeyTables(block, blockPath, `\`${blockPath}\``, sections);
  }
}

/** Blocks of keys reachable from a property, with the path suffix that leads to each. */
function blocksIn(schema: JsonSchemaNode): [JsonSchemaNode, string][] {
  if (schema.properties) return [[schema, '']];
  const values = schema.additionalProperties;
  if (isSchema(values) && values.properties) return [[values, '.<name>']];
  if (isSchema(schema.items) && schema.items.properties) return [[schema.items, '[]']];
  // A tagged union (zod's discriminatedUnion): one block per variant, named by its tag.
  const variants = taggedVariants(schema);
  if (variants) return variants.map(([tag, value, variant]) => [variant, ` (${tag}: ${value})`]);
  return [];
}

/** The variants of a `oneOf` whose members are blocks told apart by one constant key. */
function taggedVariants(schema: JsonSchemaNode): [string, string, JsonSchemaNode][] | undefined {
  if (!Array.isArray(schema.oneOf)) return undefined;
  const variants = schema.oneOf as JsonSchemaNode[];
  const tag = Object.entries((variants[0]?.properties ?? {}) as Record<string, JsonSchemaNode>).find(
    ([, property]) => 'const' in property,
  )?.[0];
  if (tag === undefined) return undefined;
  const tagged = variants.map((variant): [string, string, JsonSchemaNode] | undefined => {
    const property = ((variant.properties ?? {}) as Record<string, JsonSchemaNode>)[tag];
    return property && 'const' in property ? [tag, show(property.const), variant] : undefined;
  });
  return tagged.every((entry) => entry !== undefined) ? tagged : undefined;
}

function describeType(schema: JsonSchemaNode): string {
  if ('const' in schema) return `\`${show(schema.const)}\``;
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => `\`${show(v)}\``).join(', ')}`;
  const variants = taggedVariants(schema);
  if (variants)
    return `block (below) by \`${variants[0]?.[0]}\`: ${listOr(variants.map(([, v]) => `\`${v}\``))}`;
  if (Array.isArray(schema.anyOf)) return listOr((schema.anyOf as JsonSchemaNode[]).map(describeType));
  if (Array.isArray(schema.oneOf)) return listOr((schema.oneOf as JsonSchemaNode[]).map(describeType));
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
      if (Array.isArray(schema.items))
        return `[${(schema.items as JsonSchemaNode[]).map(describeType).join(', ')}]`;
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

function range(schema: JsonSchemaNode): string {
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

function isSchema(value: unknown): value is JsonSchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
