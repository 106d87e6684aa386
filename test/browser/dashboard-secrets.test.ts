import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openPage,
  type ServedDashboard,
  screenshot,
  serveDashboard,
  signIn,
  withoutChromium,
} from './dashboard-harness.js';

const flow = 'customers-to-erp';
const secret = 'crm-path-s3cr3t-Kx72qa';

/**
 * The secret-leak check on what a person sees: the CRM database sits in a folder whose name
 * is a secret (given through `${env:…}`), a run fails with an error about that path, and then
 * every dashboard page — overview, flow, both runs, plan pages, alerts, audit — is rendered in
 * a real browser as an admin. Neither the pages, nor the API answers they load, nor the
 * server's log, nor the stored dead letters contain the secret.
 */
describe.skipIf(withoutChromium)('dashboard pages keep configured secrets out', () => {
  let served: ServedDashboard;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveDashboard({
      env: (dir) => ({ SERVE_CRM_DIR: path.join(dir, 'work', secret) }),
      editsBeforeRun: [['path: work/crm.db', 'path: "${env:SERVE_CRM_DIR}/crm.db"']],
      beforeFirstRun: (dir) => {
        mkdirSync(path.join(dir, 'work', secret));
        renameSync(path.join(dir, 'work', 'crm.db'), path.join(dir, 'work', secret, 'crm.db'));
      },
      afterFirstRun: (dir) => {
        // The CRM goes missing: the next run fails with an error naming the configured path.
        renameSync(path.join(dir, 'work', secret, 'crm.db'), path.join(dir, 'work', 'crm-moved.db'));
      },
      runAgain: true,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('renders every page, with the failed run, without the secret', async () => {
    const { context, page } = await openPage(browser);
    const answers: { url: string; body: string }[] = [];
    page.on('response', async (response) => {
      if (!response.url().includes('/api/') || response.url().includes('/api/events')) return;
      answers.push({ url: response.url(), body: await response.text().catch(() => '') });
    });
    const admin = served.users.find((user) => user.role === 'admin');
    if (!admin) throw new Error('no admin user');
    await signIn(page, served.url, admin);

    const pages = [
      '/',
      `/flows/${flow}`,
      '/runs/run-000001',
      '/runs/run-000003',
      '/plan',
      '/plan/landscape',
      '/plan/ownership',
      '/plan/runbook',
      '/alerts',
      '/audit',
    ];
    for (const route of pages) {
      await page.goto(`${served.url}${route}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // Let the page's API calls answer and render.
      await page.waitForTimeout(600);
      const html = await page.content();
      expect(html, route).not.toContain(secret);
      expect(await page.locator('body').textContent(), route).not.toContain(secret);
    }
    // The failed run's page shows its error, with the configured path masked.
    await page.goto(`${served.url}/runs/run-000003`);
    const failure = page.getByRole('alert');
    await failure.waitFor();
    expect(await failure.textContent()).toContain('[redacted]/crm.db does not exist');
    await screenshot(page, 'run-failed-masked');

    expect(answers.length).toBeGreaterThan(pages.length);
    for (const answer of answers) expect(answer.body, answer.url).not.toContain(secret);
    expect(served.serverOutput()).not.toBe('');
    expect(served.serverOutput()).not.toContain(secret);
    const letters = served.cli(['dead-letters', 'list', '--json']);
    expect(letters.status).toBe(0);
    expect(letters.stdout).not.toContain(secret);
    await context.close();
  });
});
