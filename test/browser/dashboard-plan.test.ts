import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DashboardUser,
  launchBrowser,
  openPage,
  type ServedDashboard,
  screenshot,
  serveDashboard,
  signIn,
  withoutChromium,
} from './dashboard-harness.js';

/**
 * The plan pages, the alerts page and the audit log in a real browser against the real
 * `syncline serve` of the quick-start demo. The ERP's database is moved out of reach after the
 * first run, so the next run of customers-to-erp fails for real and `syncline alerts check`
 * (what serve does every minute) fires its run-failed alert; an operator snoozes it, by mouse
 * and by keyboard alone, a viewer cannot, and the audit log shows the sign-ins and the snoozes.
 */
describe.skipIf(withoutChromium)('dashboard plan, alerts and audit pages', () => {
  let served: ServedDashboard;
  let browser: Browser;
  const user = (name: string): DashboardUser => {
    const found = served.users.find((u) => u.name === name);
    if (!found) throw new Error(`no user ${name}`);
    return found;
  };

  beforeAll(async () => {
    served = await serveDashboard({
      editsBeforeServe: [['connection: { path: work/erp.db }', 'connection: { path: work/moved/erp.db }']],
    });
    const run = served.cli(['run', 'customers-to-erp']);
    expect(run.status, run.stderr + run.stdout).toBe(1);
    const check = served.cli(['alerts', 'check']);
    expect(check.status, check.stderr + check.stdout).toBe(0);
    expect(check.stdout).toContain('firing run-failed:customers-to-erp');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('shows readiness by step with the findings of the plan, and the review card', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('viewer'));
    await page.getByRole('link', { name: 'Plan', exact: true }).click();
    await page.getByRole('heading', { name: 'Plan readiness' }).waitFor();
    const steps = page.locator('.plan-steps > li');
    await steps.first().waitFor();
    expect(await steps.allTextContents()).toEqual([
      expect.stringContaining('Discovery'),
      expect.stringContaining('Architecture'),
      expect.stringContaining('Mapping'),
      expect.stringContaining('Build & test'),
      expect.stringContaining('Go-live'),
    ]);
    // The demo's mapping is complete and its go-live step lacks rollback and monitoring.
    expect(await steps.nth(2).textContent()).toContain('ready');
    expect(await steps.nth(4).textContent()).toContain('blocked');
    const goLive = page.locator('#step-5');
    await goLive.getByText('has no rollback plan').first().waitFor();
    expect(await goLive.textContent()).toContain('SL503');
    // Errors come before warnings within a step.
    const severities = await page.locator('#step-2 .plan-finding .badge').allTextContents();
    expect(severities.map((s) => s.trim()).indexOf('● warning')).toBeGreaterThan(
      severities.map((s) => s.trim()).lastIndexOf('● error'),
    );
    await page.getByRole('heading', { name: 'Health review' }).waitFor();
    await page.getByText('Next review').waitFor();
    await screenshot(page, 'plan-readiness');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('shows readiness and alerts on a phone without the page overflowing', async () => {
    const { context, page, errors } = await openPage(browser, 'phone');
    await signIn(page, served.url, user('operator'));
    await page.goto(`${served.url}/plan`);
    await page.locator('#step-5').getByText('SL503').first().waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'plan-readiness-phone');
    await page.goto(`${served.url}/alerts`);
    await page.getByRole('heading', { name: /Run failed/ }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'alerts-phone');
    await page.getByRole('button', { name: /^Snooze… run-failed/ }).click();
    const dialog = page.getByRole('dialog', { name: /Snooze/ });
    await dialog.getByLabel('Custom').check();
    await screenshot(page, 'alerts-snooze-dialog-phone');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.goto(`${served.url}/plan/landscape`);
    await waitForDiagram(page);
    await page.getByRole('rowheader', { name: /^board-pack/ }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'plan-landscape-phone');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('shows the landscape diagram and the systems inventory', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('viewer'));
    await page.goto(`${served.url}/plan/landscape`);
    await waitForDiagram(page);
    const systems = page.locator('table.plan-systems');
    await systems.getByText('sales-ops@example.com').waitFor();
    for (const system of ['crm', 'erp', 'finance', 'board-pack']) {
      await systems.getByRole('rowheader', { name: new RegExp(`^${system}`) }).waitFor();
    }
    expect(await systems.textContent()).toContain('200');
    // The inventory never carries how to reach a system (paths, URLs, credentials).
    const answer = await page.evaluate(() => fetch('/api/plan/landscape').then((r) => r.text()));
    expect(answer).not.toContain('crm.db');
    expect(answer).not.toContain('connection');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByText('150%').waitFor();
    await screenshot(page, 'plan-landscape');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it("shows the ownership matrix with the demo's entities", async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('viewer'));
    await page.goto(`${served.url}/plan/ownership`);
    const matrix = page.locator('table.plan-matrix');
    for (const entity of ['customer', 'invoice']) {
      await matrix.locator('.plan-matrix-entity th', { hasText: entity }).waitFor();
    }
    const email = matrix.getByRole('row', { name: /^email/ });
    expect(await email.textContent()).toContain('owns');
    expect(await email.textContent()).toContain('receives');
    expect(await email.textContent()).toContain('customers-to-erp');
    await screenshot(page, 'plan-ownership');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it("shows the project runbook per flow, with the team's notes but never their scripts", async () => {
    mkdirSync(path.join(served.dir, 'runbooks'), { recursive: true });
    const notes = path.join(served.dir, 'runbooks', 'customers-to-erp.html');
    writeFileSync(
      notes,
      '<!-- syncline:editable:start --><p>Call the ERP desk on 4711.</p>' +
        '<script>window.injected = 1</script><img src="x" onerror="window.injected = 2">' +
        '<a href="javascript:window.injected = 3">bad link</a><!-- syncline:editable:end -->',
    );
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('viewer'));
    await page.goto(`${served.url}/plan/runbook`);
    const contents = page.getByRole('navigation', { name: 'Runbook contents' });
    for (const flow of ['customers-to-erp', 'invoices-to-finance']) {
      await contents.getByRole('link', { name: flow, exact: true }).waitFor();
      await page.getByRole('heading', { name: `Runbook: ${flow}` }).waitFor();
    }
    const runbook = page.locator('article.plan-runbook');
    await runbook.getByText('Call the ERP desk on 4711.').waitFor();
    expect(await runbook.locator('script, img, [onerror]').count()).toBe(0);
    expect(await runbook.getByText('bad link').getAttribute('href')).toBeNull();
    expect(await page.evaluate<unknown>('window.injected')).toBeUndefined();
    await contents.getByRole('link', { name: 'invoices-to-finance', exact: true }).click();
    await page.waitForURL(/#runbook-invoices-to-finance$/);
    await screenshot(page, 'plan-runbook');
    // Chromium reports the notes' onerror attribute against the CSP when it parses them (inert,
    // never run); the allow-list then drops it. Nothing else may go wrong.
    const parsedHandler = /^Executing inline event handler violates/;
    expect(errors.filter((e) => !e.includes('401') && !parsedHandler.test(e))).toEqual([]);
    rmSync(notes);
    await context.close();
  });

  it('shows a viewer the firing alert without a snooze button', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('viewer'));
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    const card = page.getByRole('listitem', { name: 'Run failed on customers-to-erp' });
    await card.getByRole('heading', { name: /Run failed/ }).waitFor();
    expect(await card.textContent()).toContain('firing');
    expect(await card.textContent()).toContain('critical');
    expect(await card.textContent()).toContain('sqlite-not-found');
    await page.getByRole('row', { name: /fired/ }).first().waitFor();
    expect(await page.getByRole('button', { name: /Snooze/ }).count()).toBe(0);
    expect(await card.getByRole('link', { name: /runbook/ }).getAttribute('href')).toBe(
      '/plan/runbook#runbook-customers-to-erp-alert-run-failed',
    );
    await screenshot(page, 'alerts-viewer');
    // The runbook link lands on that flow's section about the rule.
    await card.getByRole('link', { name: /runbook/ }).click();
    const section = page.locator('#runbook-customers-to-erp-alert-run-failed');
    await section.waitFor();
    expect(await section.textContent()).toContain('run failed');
    await page.waitForFunction('window.scrollY > 0');
    // One flow's alerts: the other flow has none firing.
    await page.goto(`${served.url}/alerts?flow=invoices-to-finance`);
    await page.getByText(/No alert is firing/).waitFor();
    await page.getByRole('link', { name: 'show every flow' }).click();
    await page.getByRole('listitem', { name: 'Run failed on customers-to-erp' }).waitFor();
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('lets an operator snooze with the keyboard alone: Tab, Enter, arrows and Escape', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('operator'));
    await page.goto(`${served.url}/alerts`);
    const card = page.getByRole('listitem', { name: 'Run failed on customers-to-erp' });
    await card.getByRole('heading', { name: /Run failed/ }).waitFor();
    const focused = page.locator(':focus');
    const isFocused = async (name: RegExp) =>
      (await focused.count()) === 1 && name.test((await focused.textContent()) ?? '');
    const isFocusInDialog = async () => (await page.locator('dialog :focus').count()) === 1;

    // Tab from the top of the page to the snooze button (a bounded walk, not a timed wait).
    let presses = 0;
    while (!(await isFocused(/^Snooze…/)) && presses < 40) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(await isFocused(/^Snooze…/)).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Snooze/ });
    await dialog.waitFor();
    expect(await isFocusInDialog()).toBe(true);

    // Escape closes it and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(/^Snooze…/)).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('ArrowRight'); // 1 hour → 4 hours
    expect(await dialog.getByLabel('4 hours').isChecked()).toBe(true);
    // Tab cycles inside the dialog: twice round its four stops stays in it.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await isFocusInDialog()).toBe(true);
    }
    while ((await page.locator('dialog [name="reason"]:focus').count()) === 0) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('ERP database moved for maintenance');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await card.getByText(/^by operator until/).waitFor();
    await page
      .getByText(/snoozed until/)
      .first()
      .waitFor();
    await screenshot(page, 'alerts-snoozed');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('lets an operator unsnooze and snooze again for a custom time with a reason', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('operator'));
    await page.goto(`${served.url}/alerts`);
    const card = page.getByRole('listitem', { name: 'Run failed on customers-to-erp' });
    await card.getByRole('button', { name: /^Unsnooze/ }).click();
    await card.getByRole('button', { name: /^Snooze…/ }).click();
    const dialog = page.getByRole('dialog', { name: /Snooze/ });
    await dialog.getByLabel('Custom').check();
    await dialog.getByLabel('Amount').fill('90');
    await dialog.getByLabel('Unit').selectOption('minutes');
    await dialog.getByLabel(/Reason/).fill('waiting for the ERP team');
    await screenshot(page, 'alerts-snooze-dialog');
    await dialog.getByRole('button', { name: 'Snooze' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card.getByText(/^by operator until/).waitFor();
    const alerts = await page.evaluate(() => fetch('/api/alerts').then((r) => r.json()));
    const alert = (
      alerts as { alerts: { id: string; snoozedUntil: string; snoozedBy: string }[] }
    ).alerts.find((a) => a.id === 'run-failed:customers-to-erp');
    expect(alert?.snoozedBy).toBe('operator');
    const minutes = (Date.parse(alert?.snoozedUntil ?? '') - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(80);
    expect(minutes).toBeLessThanOrEqual(90);
    await screenshot(page, 'alerts');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('lists sign-ins and snoozes in the audit log, newest first, paged back, with a filter', async () => {
    // Enough sign-ins for a second page (50 a page), and two that fail.
    const login = (name: string, password: string) =>
      fetch(`${served.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      });
    for (const attempt of [1, 2]) expect((await login('mallory', `guess-${attempt}`)).status).toBe(401);
    const viewer = user('viewer');
    for (let i = 0; i < 45; i++) expect((await login(viewer.name, viewer.password)).status).toBe(200);

    const { context, page, errors } = await openPage(browser);
    await signIn(page, served.url, user('admin'));
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    const table = page.locator('table.audit-table');
    const rows = table.locator('tbody tr');
    await rows.nth(49).waitFor();
    expect(await rows.count()).toBe(50);
    expect((await table.getByRole('rowheader').first().textContent())?.trim()).toBe('login');
    expect(await rows.first().textContent()).toContain('admin'); // this sign-in is the newest entry
    const older = page.getByRole('button', { name: 'Older' });
    while ((await older.count()) > 0) await older.click();
    await page.getByText('That is the beginning of the log.').waitFor();
    const actions = (await table.getByRole('rowheader').allTextContents()).map((a) => a.trim());
    expect(actions.length).toBeGreaterThan(50);
    expect(actions.at(-1)).toBe('user.add'); // the users made before serve started
    expect(actions).toContain('api.unsnooze');
    await table.getByRole('row', { name: /operator.*api\.snooze.*waiting for the ERP team/ }).waitFor();
    await table
      .getByRole('row', { name: /mallory.*login.*failed/ })
      .first()
      .waitFor();

    await page.getByLabel(/Filter/).fill('snooze');
    await page.getByText(/loaded entries match/).waitFor();
    const filtered = (await table.getByRole('rowheader').allTextContents()).map((a) => a.trim());
    expect(new Set(filtered)).toEqual(new Set(['api.snooze', 'api.unsnooze']));
    await screenshot(page, 'audit-filtered');
    await page.getByLabel(/Filter/).fill('');
    await screenshot(page, 'audit');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });
});

/** Whether the page itself scrolls sideways (tables should scroll inside their own box). */
function overflowsSideways(page: Page): Promise<boolean> {
  // A string: the test's TypeScript has no DOM types; this runs in the page.
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth + 1',
  );
}

async function waitForDiagram(page: Page): Promise<void> {
  const diagram = page.getByRole('img', { name: /systems grouped by kind/ });
  await diagram.waitFor();
  await page.waitForFunction(
    "(() => { const image = document.querySelector('.plan-diagram img'); return image !== null && image.complete && image.naturalWidth > 0; })()",
  );
}
