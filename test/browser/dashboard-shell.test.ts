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

/**
 * The dashboard's frame in a real browser against the real `syncline serve`: the sign-in page
 * is the first thing an anonymous visitor sees, a wrong password says so, signing in shows the
 * overview with the demo's flows, a deep link survives a reload, and signing out ends it.
 */
describe.skipIf(withoutChromium)('dashboard sign-in and frame', () => {
  let served: ServedDashboard;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveDashboard();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('asks an anonymous visitor to sign in and refuses a wrong password', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${served.url}/flows/customers-to-erp`);
    await page.getByRole('heading', { name: 'syncline' }).waitFor();
    await screenshot(page, 'login');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Unknown user name or wrong password');
    // The 401s of /api/me and of the failed sign-in are the only console errors.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('signs in, shows the flows, keeps a page on reload, and signs out', async () => {
    const { context, page, errors } = await openPage(browser);
    const admin = served.users[0];
    if (!admin) throw new Error('no admin user');
    await signIn(page, served.url, admin);
    for (const flow of ['customers-to-erp', 'invoices-to-finance']) {
      await page.getByRole('link', { name: flow }).waitFor();
    }
    await page.getByRole('link', { name: 'customers-to-erp' }).click();
    await page.waitForURL(/\/flows\/customers-to-erp$/);
    await page.reload();
    await page.getByRole('heading', { name: 'customers-to-erp' }).first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('serves the pages with a content security policy and the assets for good', async () => {
    const page = await fetch(`${served.url}/plan`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${served.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    // The API still wants a caller.
    expect((await fetch(`${served.url}/api/flows`)).status).toBe(401);
  });
});
