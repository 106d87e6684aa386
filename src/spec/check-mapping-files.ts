import path from 'node:path';
import type { Locator } from './create-locator.js';
import { quote } from './describe-value.js';
import { problemAt, type SpecProblem } from './spec-problem.js';

/** Checks that every flow's `mapping:` sheet exists; paths are relative to the spec's folder. */
export function checkMappingFiles(
  raw: unknown,
  baseDir: string,
  fileExists: (file: string) => boolean,
  locate: Locator,
): SpecProblem[] {
  const flows = (raw as { flows?: unknown } | null)?.flows;
  if (typeof flows !== 'object' || flows === null) return [];
  return Object.entries(flows).flatMap(([name, flow]) => {
    const mapping = (flow as { mapping?: unknown } | null)?.mapping;
    if (typeof mapping !== 'string' || mapping === '') return [];
    const file = path.resolve(baseDir, mapping);
    if (fileExists(file)) return [];
    return [
      problemAt(
        locate,
        ['flows', name, 'mapping'],
        'mapping-not-found',
        `the mapping sheet ${quote(mapping)} does not exist`,
        { hint: `looked for ${file}; paths are relative to the spec's folder` },
      ),
    ];
  });
}
