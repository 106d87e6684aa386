import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRules } from './plan-rules.js';
import { renderPlanChecks } from './render-plan-checks.js';

// docs/plan-checks.md embeds the generated reference between these markers; it must never go
// stale. After changing a rule, regenerate it with:
//   UPDATE_DOCS=1 npx vitest run src/plan/render-plan-checks.test.ts
const docs = new URL('../../docs/plan-checks.md', import.meta.url);
const start = '<!-- generated: plan check reference -->\n';
const end = '<!-- end of generated plan check reference -->';

describe('renderPlanChecks', () => {
  it('is what docs/plan-checks.md shows', () => {
    const text = readFileSync(docs, 'utf8');
    expect(text.indexOf(start)).toBeGreaterThan(0);
    const before = text.slice(0, text.indexOf(start) + start.length);
    const after = text.slice(text.indexOf(end));
    const current = `${before}\n${renderPlanChecks()}\n\n${after}`;
    if (process.env.UPDATE_DOCS) writeFileSync(docs, current);
    expect(readFileSync(docs, 'utf8')).toBe(current);
  });

  it('documents every rule with its meaning and fix', () => {
    const reference = renderPlanChecks();
    for (const rule of planRules) {
      expect(reference).toContain(`### ${rule.code} — ${rule.title}\n`);
      expect(rule.meaning.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });
});
