import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/**
 * The folder of syncline's own package.json: where the built dashboard (dist/web) and the
 * starter project (examples/starter) are. Found by walking up from this module, so it holds
 * from the sources the tests import (src/server), the compiled tree (dist/server) and the bundled
 * CLI (dist/cli/chunks), wherever the package is installed.
 */
export function packageRoot(): string {
  if (found !== undefined) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'syncline'
    ) {
      found = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`syncline's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
