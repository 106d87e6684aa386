import { z } from 'zod';
import type { AnyConnectorDefinition } from '../core/connector.js';
import { type JsonSchemaNode, renderKeyTables } from '../spec/render-key-tables.js';

/** docs/connectors/<kind>.md holds the generated reference between these two lines. */
export const referenceStart = '<!-- generated: connector reference -->\n';
export const referenceEnd = '<!-- end of generated connector reference -->';

/**
 * A connector's reference in Markdown, generated from its definition: the summary, what it can
 * read and write, and one key table per zod schema (`connection:`, `from:`, `to:`), so the docs
 * cannot drift from what the spec check accepts. A test keeps docs/connectors/*.md current.
 */
export function renderConnectorReference(connector: AnyConnectorDefinition): string {
  const { kind, source, target } = connector;
  const sections = [
    [
      connector.summary,
      '',
      '| | |',
      '|---|---|',
      `| reads (\`from:\`) | ${source ? 'yes' : 'no'} |`,
      `| writes (\`to:\`) | ${target ? `modes ${target.modes.map((mode) => `\`${mode}\``).join(', ')}` : 'no'} |`,
      '',
      `Every value of \`connection:\` may be a secret reference (\`\${env:NAME}\`, \`\${file:path}\`). ` +
        '`from:` also takes the generic keys `system`, `key` and `batchSize`, and `to:` takes `system`, ' +
        '`key` and `mode`; see [the spec reference](../spec.md).',
    ].join('\n'),
  ];
  renderKeyTables(
    toJsonSchema(connector.config),
    'connection',
    `\`connection:\` of a \`${kind}\` system`,
    sections,
  );
  if (source) renderKeyTables(toJsonSchema(source.options), 'from', '`from:` (reading)', sections);
  if (target) renderKeyTables(toJsonSchema(target.options), 'to', '`to:` (writing)', sections);
  return `${sections.join('\n\n')}\n`;
}

/** Puts the reference in a page: between the markers, or appended under a heading when new. */
export function withConnectorReference(page: string, connector: AnyConnectorDefinition): string {
  const generated = `${referenceStart}\n${renderConnectorReference(connector)}\n${referenceEnd}`;
  const start = page.indexOf(referenceStart);
  const end = page.indexOf(referenceEnd);
  if (start < 0 || end < start) {
    return `${page.trimEnd()}\n\n## Reference\n\n${regenerateNote}\n\n${generated}\n`;
  }
  return `${page.slice(0, start)}${generated}${page.slice(end + referenceEnd.length)}`;
}

const regenerateNote = [
  "Generated from the connector's zod schemas (`src/connectors/render-connector-reference.ts`);",
  'regenerate after changing them with',
  '`UPDATE_DOCS=1 npx vitest run src/connectors/render-connector-reference.test.ts`.',
].join('\n');

function toJsonSchema(schema: z.ZodType): JsonSchemaNode {
  // Input, not output: keys with defaults are optional to write (as in syncline.schema.json).
  return z.toJSONSchema(schema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchemaNode;
}
