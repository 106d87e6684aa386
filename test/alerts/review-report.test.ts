import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.js';
import { checkProject, type Project } from '../../src/engine/check-project.js';
import { connectFlow } from '../../src/engine/connect-flow.js';
import { runFlow } from '../../src/engine/run-flow.js';
import { renderReviewHtml } from '../../src/observe/render-review-html.js';
import { renderReviewMd } from '../../src/observe/render-review-md.js';
import { buildReview } from '../../src/observe/review-model.js';
import { parseReviewPeriod } from '../../src/observe/review-period.js';
import { nextReviewDate, nextReviewDue } from '../../src/observe/review-schedule.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { launchBrowser, withoutChromium } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { copyExample } from '../support/example-copy.js';

/**
 * The health review of the quick-start demo after real runs over March 2026 (injected clock):
 * the numbers come from the store, the HTML renders in headless Chromium (Debian's chromium,
 * installed by .ci/run) with every flow and section visible; the screenshot is kept in
 * test-artifacts/ for a person to look at. The CLI writes both files and records the review,
 * which moves the next due date.
 */

const artifacts = path.resolve('test-artifacts');
const demo = copyExample('quick-start');
let project: Project;
let store: StateStore;
let browser: Browser;
const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 2, n, hour));

async function run(flowName: string, at: Date) {
  const flow = project.flows.get(flowName);
  if (!flow) throw new Error(`no flow ${flowName}`);
  return runFlow({
    flow,
    store,
    clock: () => at,
    endpoints: connectFlow(flow, { baseDir: project.baseDir, env: {} }),
  });
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const checked = await checkProject(demo.spec, connectors, { env: {} });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  project = checked.project;
  store = await openSqliteStore(path.join(demo.dir, '.syncline', 'state.db'));
  await run('customers-to-erp', day(2));
  await run('invoices-to-finance', day(2, 10));
  const crm = new Database(path.join(demo.dir, 'work', 'crm.db'));
  for (const n of [9, 16, 23]) {
    crm
      .prepare("UPDATE customers SET updated_at = ?, city = city || '' WHERE id <= ?")
      .run(day(n, 8).toISOString(), n);
    await run('customers-to-erp', day(n));
  }
  crm.close();
  if (!withoutChromium) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await store?.close();
  demo.remove();
});

describe('syncline review', () => {
  it('schedules reviews monthly for 3 months after go-live, then quarterly', () => {
    const goLive = new Date('2026-01-31T10:00:00Z');
    const dueAfter = (iso: string) =>
      nextReviewDate(goLive, undefined, new Date(iso)).toISOString().slice(0, 10);
    expect(dueAfter('2026-01-31T10:00:00Z')).toBe('2026-02-28');
    expect(dueAfter('2026-03-01T00:00:00Z')).toBe('2026-03-31');
    expect(dueAfter('2026-04-30T12:00:00Z')).toBe('2026-07-31');
    expect(dueAfter('2026-08-01T00:00:00Z')).toBe('2026-10-31');
    // biome-ignore lint/suspicious/noThenProperty: the spec's own key ({ monthlyFor, then }), never a function
    const yearly = { monthlyFor: 1, then: 'yearly' } as const;
    expect(nextReviewDate(goLive, yearly, new Date('2026-03-01')).toISOString()).toMatch(/^2027-02-28/);
    expect(() => parseReviewPeriod('March', new Date())).toThrow(/--period "March" is not a period/);
  });

  it.skipIf(withoutChromium)(
    'reports runs, volumes, dead letters and the next due date, and renders in Chromium',
    async () => {
      const now = new Date('2026-04-02T08:00:00Z');
      const model = await buildReview(project.spec, store, parseReviewPeriod('2026-03', now), now);
      const customers = model.flows.find((f) => f.flow === 'customers-to-erp');
      expect(customers).toMatchObject({
        runs: 4,
        succeeded: 4,
        failed: 0,
        successRate: 1,
        deadLettersOpened: 7,
        deadLettersClosed: 4,
        deadLettersOpenNow: 3,
      });
      // Customers 4 and 17 fail again when they change: each new failure supersedes the last.
      expect(customers?.read).toBe(59 + 9 + 16 + 23);
      expect(model.flows.find((f) => f.flow === 'invoices-to-finance')).toMatchObject({ runs: 1, read: 412 });
      expect(model.schedule).toMatchObject({
        goLive: day(2).toISOString(),
        due: '2026-04-02T09:00:00.000Z',
        isOverdue: false,
      });
      expect(await nextReviewDue(project, store, new Date('2026-04-03T00:00:00Z'))).toMatchObject({
        isOverdue: true,
      });

      const md = renderReviewMd(model);
      expect(md).toContain('| Dead letters | 7 opened, 4 closed; 3 open now |');
      expect(md).toContain('Next review due 2026-04-02');

      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.setContent(renderReviewHtml(model));
      const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
      expect(headings).toEqual(['Flows at a glance', 'customers-to-erp', 'invoices-to-finance', 'Readiness']);
      // Nothing runs off the right edge of the page.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1100);
      await page.screenshot({ path: path.join(artifacts, 'review-report.png'), fullPage: true });
      await page.close();
    },
  );

  it('the CLI writes both files, records the review and shows when the next is due', () => {
    const written = runCli(['review', '--period', '2026-03', '--out', 'reviews'], demo.dir);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    expect(written.stdout).toMatch(/wrote reviews\/review-2026-03-01-to-2026-04-01\.html and .*\.md/);
    expect(readdirSync(path.join(demo.dir, 'reviews')).sort()).toEqual([
      'review-2026-03-01-to-2026-04-01.html',
      'review-2026-03-01-to-2026-04-01.md',
    ]);
    expect(
      readFileSync(path.join(demo.dir, 'reviews', 'review-2026-03-01-to-2026-04-01.md'), 'utf8'),
    ).toMatch(/^# Integration health review: Quick start/);
    expect(runCli(['review', '--due'], demo.dir).stdout).toMatch(/next review due \d{4}-\d{2}-\d{2}/);
    const list = runCli(['alerts', 'check'], demo.dir);
    expect(list.stdout).toMatch(/no alert is firing|firing/);
    expect(runCli(['alerts', 'snooze', 'silense', '--flow', 'customers-to-erp'], demo.dir).stderr).toMatch(
      /did you mean "silence"/,
    );
    expect(
      runCli(['alerts', 'snooze', 'silence', '--flow', 'customers-to-erp', '--for', '2h'], demo.dir).stdout,
    ).toMatch(/snoozed silence:customers-to-erp until/);
    expect(runCli(['alerts', 'history'], demo.dir).stdout).toMatch(/silence:customers-to-erp +snoozed/);
  });
});
