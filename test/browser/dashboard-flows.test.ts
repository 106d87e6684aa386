import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DashboardUser,
  launchBrowser,
  openPage,
  type ServedDashboard,
  screenshot,
  screenshotDir,
  serveDashboard,
  signIn,
  withoutChromium,
} from './dashboard-harness.js';

const flow = 'customers-to-erp';

/**
 * The acceptance, in a real browser against the real `syncline serve` of the quick
 * start: an operator sees every flow on the overview, opens one, replays the dead letter a
 * relaxed email rule now lets through and sees the charts and the backlog follow, downloads the
 * mapping sheet, reads a run's record outcomes; an admin previews and confirms a rollback.
 */
describe.skipIf(withoutChromium)('dashboard flows, dead letters, mapping and runs', () => {
  let served: ServedDashboard;
  let browser: Browser;
  const user = (name: string): DashboardUser => {
    const found = served.users.find((u) => u.name === name);
    if (!found) throw new Error(`no user ${name}`);
    return found;
  };

  beforeAll(async () => {
    served = await serveDashboard({
      // The first run keeps a journal (so it can be rolled back) and dead-letters the demo's
      // three broken customers; then the operator relaxes the email rule, so the customer with a
      // malformed email can be replayed.
      editsBeforeRun: [
        [
          '    onInvalid: dead-letter',
          '    rollback: journal\n    compare: { baseline: erp.clients }\n    onInvalid: dead-letter',
        ],
      ],
      editsBeforeServe: [['validate: [required, email]', 'validate: [required]']],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('shows every flow on the overview with its health in words and the summary', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('operator'));
    for (const name of [flow, 'invoices-to-finance']) {
      await page.getByRole('link', { name, exact: true }).waitFor();
    }
    const summary = page.getByRole('list', { name: 'Summary' });
    expect(await summary.textContent()).toContain('3 dead letters open');
    const row = page.getByRole('row', { name: new RegExp(flow) });
    expect(await row.textContent()).toMatch(/attention/);
    expect(await row.getByRole('button', { name: `Run ${flow} now` }).isEnabled()).toBe(true);
    await screenshot(page, 'flows-overview');

    // Run now: the answer comes at once, the run's end arrives as a server event and the
    // table and the live line follow without a reload.
    const invoices = page.getByRole('row', { name: /invoices-to-finance/ });
    const lastRunBefore = await invoices.locator('td[data-label="Last run"] time').getAttribute('datetime');
    await invoices.getByRole('button', { name: 'Run invoices-to-finance now' }).click();
    await page.locator('.live-news', { hasText: /invoices-to-finance run-\S+ succeeded/ }).waitFor();
    await invoices.locator(`td[data-label="Last run"] time:not([datetime="${lastRunBefore}"])`).waitFor();
    // The 401 of /api/me before signing in is the only console error.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('replays a dead letter and the charts, backlog and runs follow; the mapping sheet downloads', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('operator'));
    await page.getByRole('link', { name: flow, exact: true }).click();
    await page.getByRole('heading', { name: flow, level: 1 }).waitFor();
    const volume = page.locator('figure.chart', { hasText: 'Volume' });
    await volume.locator('canvas').waitFor();
    const writtenBefore = Number(await volume.getAttribute('data-total-written'));
    expect(writtenBefore).toBeGreaterThan(0);
    const errorsChart = page.locator('figure.chart', { hasText: 'Errors' });
    expect(Number(await errorsChart.getAttribute('data-total'))).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'flow');

    // The charts follow the window's width.
    const wideWidth = (await volume.locator('.u-wrap').boundingBox())?.width ?? 0;
    await page.setViewportSize({ width: 1000, height: 860 });
    await expect
      .poll(async () => (await volume.locator('.u-wrap').boundingBox())?.width ?? 0)
      .toBeLessThan(wideWidth - 50);
    await page.setViewportSize({ width: 1366, height: 860 });

    const letters = page.locator('#dead-letters');
    const badEmail = letters.getByRole('row', { name: /bad-email/ });
    await badEmail.getByRole('button', { name: /Inspect/ }).click();
    const payload = letters.locator('pre.payload');
    await payload.waitFor();
    expect(await payload.textContent()).toContain('email');
    await screenshot(page, 'flow-dead-letter-inspect');
    await badEmail.getByRole('button', { name: /Replay/ }).click();
    const notice = letters.locator('.notice.ok');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Replayed dl-\S+: the record was written/);
    // The replayed row leaves the list; keyboard focus goes to the outcome, not the page.
    await letters.locator('.notice.ok:focus').waitFor();

    // The replay is a run that wrote one record: the chart's data and the backlog follow.
    await page.locator(`figure.chart[data-total-written="${writtenBefore + 1}"]`).waitFor();
    expect(Number(await volume.getAttribute('data-total-written'))).toBe(writtenBefore + 1);
    await volume.locator('.u-legend', { hasText: `${writtenBefore + 1} in all` }).waitFor();
    await letters.getByText('2 open').waitFor();
    expect(await letters.getByRole('row', { name: /bad-email/ }).count()).toBe(0);
    await page
      .locator('.runs-table')
      .getByRole('row', { name: /replay/ })
      .first()
      .waitFor();

    // Discard asks for a reason in a dialog that Escape closes.
    const missingKey = letters.getByRole('row', { name: /missing-key/ });
    await missingKey.getByRole('button', { name: /Discard/ }).click();
    const dialog = page.getByRole('dialog', { name: /Discard dl-/ });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Discard' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await missingKey.getByRole('button', { name: /Discard/ }).click();
    await dialog.getByLabel(/Why is this record given up/).fill('customer has no account number in the CRM');
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await letters.getByText('1 open').waitFor();
    expect(await letters.locator('.notice.ok').textContent()).toContain('no account number');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download XLSX' }).click(),
    ]);
    const file = await download.path();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('the XLSX has no worksheet');
    const header = (sheet.getRow(1).values as unknown[]).filter((v) => v !== undefined);
    expect(header.map(String).map((s) => s.toLowerCase())).toEqual(
      expect.arrayContaining(['source field', 'target field']),
    );
    const mapping = page.locator('#mapping table');
    await mapping.waitFor();
    expect(await mapping.textContent()).toContain('client_no');
    // The 401 of /api/me before signing in is the only console error.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('shows a run with its record outcomes, and lets an admin preview and confirm its rollback', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('admin'));
    await page.goto(`${served.url}/flows/${flow}#runs`);
    const firstRun = page.locator('.runs-table tbody tr', { hasText: 'manual' }).last();
    const runId = (await firstRun.getByRole('link').textContent()) ?? '';
    expect(runId).toMatch(/^run-/);
    await firstRun.getByRole('link').click();
    await page.getByRole('heading', { name: runId, level: 1 }).waitFor();
    const records = page.locator('.records-table');
    await records.waitFor();
    // The run's dead letters come first, then the written records, 50 to a page.
    expect(await records.textContent()).toContain('is not an email address');
    expect(await records.textContent()).toContain('inserted');
    await screenshot(page, 'run');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/^51–\d+ of \d+$/).waitFor();
    expect(await records.textContent()).not.toContain('is not an email address');

    await page.getByRole('button', { name: 'Preview rollback' }).click();
    const preview = page.getByRole('status').filter({ hasText: 'Preview' });
    await preview.waitFor();
    const restored = Number(
      /restore ([\d,]+) record/.exec((await preview.textContent()) ?? '')?.[1]?.replace(/,/g, ''),
    );
    expect(restored).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Roll back…' }).click();
    const dialog = page.getByRole('dialog', { name: `Roll back ${runId}?` });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Roll back' });
    expect(await confirm.isDisabled()).toBe(true);
    await screenshot(page, 'run-rollback-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Roll back…' }).click();
    await dialog.getByLabel(/Type .* to confirm/).fill(runId);
    await confirm.click();
    const done = page.getByRole('status').filter({ hasText: 'Rolled back' });
    await done.waitFor();
    expect(await done.textContent()).toContain(`${restored.toLocaleString()} record(s) restored`);
    await screenshot(page, 'run-rolled-back');
    // The 401 of /api/me before signing in is the only console error.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('shows the stored compares of a flow in parallel run', async () => {
    // The ERP's clients as the "old process": the records the run dead-lettered are missing.
    const compared = served.cli(['compare', flow]);
    expect(compared.status, compared.stderr).toBe(1);
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('viewer'));
    await page.goto(`${served.url}/flows/${flow}#compare`);
    const section = page.locator('#compare');
    await section.getByText('gate failed').first().waitFor();
    expect(await section.locator('.facts').textContent()).toMatch(/missing\s*[1-9]/);
    expect(await section.getByRole('table').last().textContent()).toContain('failed');
    await section.screenshot({ path: `${screenshotDir}/flow-compare.png` });
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('fits a phone: the overview as cards and the flow page without sideways scrolling', async () => {
    const { context, page, errors } = await openPage(browser, 'phone');
    await signIn(page, served.url, user('viewer'));
    await page.getByRole('link', { name: flow, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /Run .* now/ }).count()).toBe(0);
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'phone-flows-overview');
    await page.getByRole('link', { name: flow, exact: true }).click();
    await page.locator('figure.chart canvas').first().waitFor();
    await page.locator('#mapping table').waitFor();
    expect(await page.getByRole('button', { name: 'Replay' }).count()).toBe(0);
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'phone-flow');
    // The 401 of /api/me before signing in is the only console error.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });
});

function overflowsSideways(page: Page): Promise<boolean> {
  // A string: the test project has no DOM types; this runs in the page.
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
}
