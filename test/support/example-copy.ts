import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error plain JavaScript module shared with the demo
import { prepareExample } from '../../examples/prepare-example.mjs';
import { makeTempDir } from './temp-dir.js';

/** A prepared copy of examples/<name>/ in a temp dir (without its work/, state or expected output). */
export function copyExample(name: string): { dir: string; spec: string; remove: () => void } {
  const source = path.resolve('examples', name);
  const temp = makeTempDir(`example-${name}`);
  cpSync(source, temp.dir, {
    recursive: true,
    filter: (from) => !/^(work|\.syncline|expected)([/\\]|$)/.test(path.relative(source, from)),
  });
  prepareExample(temp.dir);
  return { ...temp, spec: path.join(temp.dir, 'syncline.yaml') };
}

/**
 * What examples/<name>/setup.mjs gives an example whose systems are servers (PostgreSQL,
 * MariaDB): the environment its spec's `${env:...}` references need, the rows of a table
 * (column names first, ordered by every column), and teardown(), which removes what setup made.
 */
export interface ExampleServers {
  readonly env: Readonly<Record<string, string>>;
  dump(system: string, table: string): Promise<readonly (readonly unknown[])[]>;
  teardown(): Promise<void>;
}

/**
 * Runs the example's setup.mjs, if it has one, for the copy in dir; null when it has none.
 * The module is imported from examples/, not from the copy, so its imports (pg, mysql2)
 * resolve from this repository. setup() cleans up after itself when it fails.
 */
export async function setUpExampleServers(name: string, dir: string): Promise<ExampleServers | null> {
  const hook = path.resolve('examples', name, 'setup.mjs');
  if (!existsSync(hook)) return null;
  const module = (await import(pathToFileURL(hook).href)) as {
    setup?: (options: { exampleDir: string }) => Promise<ExampleServers>;
  };
  if (typeof module.setup !== 'function') throw new Error(`${hook} does not export setup()`);
  return module.setup({ exampleDir: dir });
}
