import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSpecReference } from './render-spec-reference.js';

// docs/spec.md embeds the generated key reference between these markers; it must never go stale.
// After changing schema.ts, regenerate it with: UPDATE_DOCS=1 npx vitest run src/spec/render-spec-reference.test.ts
const docs = new URL('../../docs/spec.md', import.meta.url);
const start = '<!-- generated: key reference -->\n';
const end = '<!-- end of generated key reference -->';

describe('renderSpecReference', () => {
  it('is what docs/spec.md shows', () => {
    const text = readFileSync(docs, 'utf8');
    const before = text.slice(0, text.indexOf(start) + start.length);
    const after = text.slice(text.indexOf(end));
    expect(text.indexOf(start)).toBeGreaterThan(0);
    const current = `${before}\n${renderSpecReference()}\n${after}`;
    if (process.env.UPDATE_DOCS) writeFileSync(docs, current);
    expect(readFileSync(docs, 'utf8')).toBe(current);
  });

  it('describes every block with its keys, types and defaults', () => {
    const reference = renderSpecReference();
    expect(reference).toContain('### `flows.<name>.errors.retry`');
    expect(reference).toContain('| `attempts` | whole number (1–100) | default 3 |');
    expect(reference).toContain('| `version` | `1` | required |');
    expect(reference).toContain('### `flows.<name>.fields[]`');
  });
});
