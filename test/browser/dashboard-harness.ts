import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { editSpec } from '../server/serve-harness.js';
import { runCli } from '../support/cli.js';
import { copyExample } from '../support/example-copy.js';
import { freePort } from '../support/free-port.js';

/** Where the browser tests keep their screenshots, for a person to look at. */
export const screenshotDir = path.resolve('test-artifacts', 'dashboard');

export interface DashboardUser {
  readonly name: string;
  readonly role: 'viewer' | 'operator' | 'admin';
  readonly password: string;
}

export const defaultUsers: readonly DashboardUser[] = [
  { name: 'admin', role: 'admin', password: 'admin-pass-Rt5!' },
  { name: 'operator', role: 'operator', password: 'operator-pass-Rt5!' },
  { name: 'viewer', role: 'viewer', password: 'viewer-pass-Rt5!' },
];

export interface ServedDashboard {
  readonly url: string;
  readonly dir: string;
  /** What the server printed so far (its JSON log lines). */
  serverOutput(): string;
  readonly spec: string;
  readonly users: readonly DashboardUser[];
  /** Runs the CLI against the copy (e.g. `run`, `dead-letters list --json`). */
  cli(args: readonly string[]): ReturnType<typeof runCli>;
  close(): Promise<void>;
}

export interface DashboardOptions {
  /** Example folder under examples/ (default quick-start). */
  readonly example?: string;
  /** Run every flow once with the CLI before serving, so runs and dead letters exist. */
  readonly runFirst?: boolean;
  /** Spec edits applied after the first run and before serving ([from, to], each once). */
  readonly editsBeforeServe?: readonly (readonly [string, string])[];
  readonly users?: readonly DashboardUser[];
  /** Spec edits applied before the first run (e.g. `rollback: journal`), each once. */
  readonly editsBeforeRun?: readonly (readonly [string, string])[];
  /** Called with the copy's folder before the first run (after editsBeforeRun). */
  readonly beforeFirstRun?: (copyDir: string) => void;
  /** Called with the copy's folder after the first run (e.g. to break a system). */
  readonly afterFirstRun?: (copyDir: string) => void;
  /** Run every flow once more after that, before serving (its failures are kept). */
  readonly runAgain?: boolean;
  /** Environment for the CLI and the server, on top of this process's (for `${env:…}`). */
  readonly env?: (copyDir: string) => Readonly<Record<string, string>>;
}

/**
 * A copy of an example served by the real `syncline serve` (the built CLI, dist/web), with
 * users made by `syncline users add`: what an operator gets after following docs/serve.md.
 */
export async function serveDashboard(options: DashboardOptions = {}): Promise<ServedDashboard> {
  const copy = copyExample(options.example ?? 'quick-start');
  const users = options.users ?? defaultUsers;
  const env = options.env?.(copy.dir) ?? {};
  const cli = (args: readonly string[]) => runCli([...args, '--spec', copy.spec], copy.dir, env);
  const must = (args: readonly string[]) => {
    const result = cli(args);
    if (result.status !== 0 && !(args[0] === 'run' && result.status === 1)) {
      throw new Error(
        `syncline ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`,
      );
    }
    return result;
  };
  let child: ChildProcess | undefined;
  const output: string[] = [];
  try {
    if (options.editsBeforeRun) editSpec(copy.spec, options.editsBeforeRun);
    options.beforeFirstRun?.(copy.dir);
    if (options.runFirst !== false) must(['run']);
    options.afterFirstRun?.(copy.dir);
    if (options.runAgain) cli(['run']);
    if (options.editsBeforeServe) editSpec(copy.spec, options.editsBeforeServe);
    for (const user of users) {
      const file = path.join(copy.dir, `.password-${user.name}`);
      writeFileSync(file, user.password, { mode: 0o600 });
      must(['users', 'add', user.name, '--role', user.role, '--password-file', file]);
    }
    const port = await freePort();
    child = spawn(
      process.execPath,
      [path.resolve('dist/cli/bin.js'), 'serve', '--spec', copy.spec, '--port', String(port), '--grace', '2'],
      { cwd: copy.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, NO_COLOR: '1' } },
    );
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child, output);
    const served = child;
    return {
      url,
      dir: copy.dir,
      serverOutput: () => output.join(''),
      spec: copy.spec,
      users,
      cli,
      close: async () => {
        await stop(served);
        copy.remove();
      },
    };
  } catch (error) {
    if (child) await stop(child);
    copy.remove();
    throw error;
  }
}

async function waitForHealth(url: string, child: ChildProcess, output: readonly string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`syncline serve exited with ${child.exitCode}:\n${output.join('')}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`syncline serve did not answer /healthz within 30 s:\n${output.join('')}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export { launchBrowser, withoutChromium } from '../support/chromium.js';

/** A laptop-sized page (or a phone-sized one), which fails the test on any page error. */
export async function openPage(
  browser: Browser,
  device: 'laptop' | 'phone' = 'laptop',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(
    device === 'phone'
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1366, height: 860 }, acceptDownloads: true },
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, url: string, user: DashboardUser): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Saves a full-page screenshot as test-artifacts/dashboard/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
