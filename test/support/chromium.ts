import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: the only browser the tests use, never a downloaded one. */
const chromiumPath = '/usr/bin/chromium';

/**
 * True when Chromium is not installed and this is not CI: the tests that render in it skip
 * instead of failing, so `npm test` passes on a machine where `.ci/run` has not installed it
 * yet. CI (which sets CI and installs the package) always runs them.
 */
export const withoutChromium = !existsSync(chromiumPath) && process.env.CI === undefined;

if (withoutChromium) {
  console.warn(
    `${chromiumPath} is missing: the browser tests skip (install the Debian package chromium, or run .ci/run)`,
  );
}

/** Headless Chromium for one test file. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
