import { buildJsonSchema } from './json-schema.js';
import { renderKeyTables } from './render-key-tables.js';

/**
 * The key-by-key reference of spec v1 in Markdown, generated from the JSON Schema (and so from
 * the zod schema's `.describe()` texts), so the docs cannot drift from what the loader accepts.
 * docs/spec.md embeds it between markers; a test keeps it current.
 */
export function renderSpecReference(): string {
  const sections: string[] = [];
  renderKeyTables(buildJsonSchema(), '', 'Top level', sections);
  return `${sections.join('\n\n')}\n`;
}
