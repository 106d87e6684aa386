import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMappingReference } from './render-mapping-reference.js';
import { rules } from './rule-registry.js';
import { transforms } from './transform-registry.js';

// docs/mapping.md embeds the generated reference between these markers; it must never go stale.
// After changing a transform or rule, regenerate it with:
//   UPDATE_DOCS=1 npx vitest run src/mapping/render-mapping-reference.test.ts
const docs = new URL('../../docs/mapping.md', import.meta.url);
const start = '<!-- generated: transform and rule reference -->\n';
const end = '<!-- end of generated transform and rule reference -->';

describe('renderMappingReference', () => {
  it('is what docs/mapping.md shows', () => {
    const text = readFileSync(docs, 'utf8');
    expect(text.indexOf(start)).toBeGreaterThan(0);
    const before = text.slice(0, text.indexOf(start) + start.length);
    const after = text.slice(text.indexOf(end));
    const current = `${before}\n${renderMappingReference()}\n${after}`;
    if (process.env.UPDATE_DOCS) writeFileSync(docs, current);
    expect(readFileSync(docs, 'utf8')).toBe(current);
  });

  it('documents every transform and rule with its arguments and examples', () => {
    const reference = renderMappingReference();
    for (const definition of [...transforms, ...rules])
      expect(reference).toContain(`#### ${definition.name}\n`);
    expect(reference).toContain('`pad(width, char, side: …)` — Adds char');
    expect(reference).toContain(
      '| `width` (1st) | whole number (1–10000) | required | Length to reach, in characters. |',
    );
    expect(reference).toContain("| `char` (2nd) | text | `' '` |");
    expect(reference).toContain('| `pad(5, \'0\')` | `42` | `"00042"` |');
    expect(reference).toContain('| `required` | `"  "` | fails |');
  });
});
