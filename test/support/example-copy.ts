import { cpSync } from 'node:fs';
import path from 'node:path';
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
