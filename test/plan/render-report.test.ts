import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, withoutChromium } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { copyExample } from '../support/example-copy.js';

/**
 * The HTML report and the SVG landscape of the demo project, rendered in headless Chromium
 * (Debian's /usr/bin/chromium; .ci/run installs it). Screenshots are kept in test-artifacts/
 * (git-ignored) for a person to look at; the assertions check what a reader would notice:
 * every section there, nothing overlapping, nothing cut off.
 */

const artifacts = path.resolve('test-artifacts');
const demo = copyExample('quick-start');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  // A stored profile with mixed formats, so the report has profiling highlights to show.
  const profiles = path.join(demo.dir, 'profiles');
  mkdirSync(profiles);
  const dates = {
    total: 100,
    ambiguous: 11,
    ambiguousExamples: ['03/04/2023'],
    formats: [
      { format: 'MM/dd/yyyy', count: 71, share: 0.71, examples: ['12/31/2023'] },
      { format: 'ISO', count: 29, share: 0.29, examples: ['2023-01-02'] },
    ],
  };
  const column = {
    name: 'signup_date',
    count: 100,
    nulls: 30,
    empty: 0,
    whitespace: 0,
    distinct: { count: 90, exact: true },
    types: { text: 70 },
    scripts: {},
    formats: { date: dates },
    case: {},
    padded: { leading: 0, trailing: 2, examples: [] },
    outliers: [],
    examples: [],
  };
  writeFileSync(
    path.join(profiles, 'crm.customers.json'),
    JSON.stringify({
      system: 'crm',
      table: 'customers',
      profiledAt: '2026-01-01T00:00:00Z',
      rows: 100,
      sampled: false,
      columns: [column],
    }),
  );
  expect(runCli(['plan', 'report', '--out', 'report.html'], demo.dir).status).toBe(0);
  expect(runCli(['plan', 'diagram', '--out', 'plan'], demo.dir).status).toBe(0);
  if (!withoutChromium) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  demo.remove();
});

/** Boxes of the elements matching selector inside the page's first SVG, in page pixels. */
async function boxes(page: import('playwright-core').Page, selector: string) {
  return page.$$eval(selector, (elements) =>
    elements.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent ?? '' };
    }),
  );
}

const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;

describe('rendered plan pages', () => {
  it.skipIf(withoutChromium)(
    'the HTML report shows every section, fits the page and is stored as a screenshot',
    async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${path.join(demo.dir, 'report.html')}`);
      const headings = await page.$$eval('h2', (h) => h.map((e) => e.textContent));
      expect(headings).toEqual([
        'Readiness by step',
        'Landscape',
        'Inventory',
        'Ownership matrix',
        'Mapping summary',
        'Open risks',
        'Profiling highlights',
      ]);
      expect(await page.locator('.step').count()).toBe(5);
      expect(await page.locator('ul.highlights li').first().textContent()).toMatch(
        /mixed date formats: MM\/dd\/yyyy 71%, ISO 29%; 11 values ambiguous/,
      );
      const [svg] = await boxes(page, '.landscape svg');
      const [frame] = await boxes(page, '.landscape');
      expect(svg?.w).toBeGreaterThan(400);
      expect((svg?.x ?? 0) + (svg?.w ?? 0)).toBeLessThanOrEqual((frame?.x ?? 0) + (frame?.w ?? 0));
      const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(scrollWidth).toBeLessThanOrEqual(1280);
      await page.screenshot({ path: path.join(artifacts, 'plan-report.png'), fullPage: true });
      await page.close();
    },
  );

  it.skipIf(withoutChromium)(
    'the SVG landscape has a box per system, no overlapping labels, and is stored as a screenshot',
    async () => {
      const svg = readFileSync(path.join(demo.dir, 'plan', 'landscape.svg'), 'utf8');
      const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      const systems = await boxes(page, 'g.system > rect');
      expect(systems).toHaveLength(4);
      for (let i = 0; i < systems.length; i++)
        for (let j = i + 1; j < systems.length; j++)
          expect(overlap(systems[i] as never, systems[j] as never)).toBe(false);
      const labels = await boxes(page, 'text.flow-label');
      expect(labels.map((l) => l.text).sort()).toEqual([
        'customer · every 15 min',
        'invoice · after customers-to-erp',
      ]);
      for (const label of labels) for (const system of systems) expect(overlap(label, system)).toBe(false);
      // Every text inside a system box stays inside it.
      const texts = await boxes(page, 'g.system > text');
      for (const text of texts)
        expect(systems.some((s) => text.x >= s.x && text.x + text.w <= s.x + s.w + 0.5)).toBe(true);
      const dashed = await page.$$eval('g.system > rect[stroke-dasharray]', (r) => r.length);
      expect(dashed).toBe(1);
      await page.locator('svg').screenshot({ path: path.join(artifacts, 'plan-landscape.png') });
      await page.close();
    },
  );
});
