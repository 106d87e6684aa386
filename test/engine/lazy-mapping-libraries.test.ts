import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../src/spec/schema.js';

/** The npm packages a run has loaded once it has compiled `fields` and mapped a row (built files). */
function packagesLoadedFor(fields: readonly FieldSpec[]): string[] {
  const child = spawnSync(
    process.execPath,
    ['test/support/list-loaded-packages.mjs', JSON.stringify(fields)],
    {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', NODE_DEBUG: 'esm' },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 60_000,
    },
  );
  expect(child.status, child.stderr.slice(-2000)).toBe(0);
  // ES modules: Node's own debug log names each one it loads; CommonJS: require's cache.
  const files = [...child.stderr.matchAll(/file:\/\/\S+/g)].map((m) => m[0]);
  files.push(...(JSON.parse(child.stdout) as string[]));
  const packages = files.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]);
  return [...new Set(packages.filter((p) => p !== undefined))];
}

const heavy = ['@marcbachmann/cel-js', 'libphonenumber-js'];

describe('mapping libraries', () => {
  it('are not loaded by a run whose mapping uses neither cel nor phone', () => {
    const packages = packagesLoadedFor([
      { from: 'name', to: 'name', transform: 'trim | lower' },
      { from: 'amount', to: 'amount', validate: ['required'] },
    ]);
    expect(packages).toContain('zod');
    for (const library of heavy) expect(packages, library).not.toContain(library);
  });

  it('are loaded when the mapping first uses them', () => {
    const packages = packagesLoadedFor([
      { from: 'phone', to: 'phone', transform: 'phone' },
      { from: 'amount', to: 'amount', transform: "cel('value * 2.0')" },
    ]);
    expect(packages).toEqual(expect.arrayContaining(heavy));
  });
});
