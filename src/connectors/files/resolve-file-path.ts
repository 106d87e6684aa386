import { isAbsolute, relative, resolve } from 'node:path';
import type { OpenContext } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { FilesConfig } from './files-config.js';

/**
 * Resolves a flow's `file:` inside the system's folder. A flow may only touch files there:
 * `../` or an absolute path elsewhere is refused, so a spec cannot read or overwrite
 * arbitrary files. Symbolic links inside the folder are followed as they are.
 */
export function resolveFilePath(
  context: OpenContext<FilesConfig>,
  file: string,
): { dir: string; path: string } {
  const dir = resolve(context.baseDir, context.config.dir);
  const path = resolve(dir, file);
  const inside = relative(dir, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new IntegrationError(`System "${context.system}": file "${file}" is outside the folder ${dir}`, {
      kind: 'config',
      code: 'path-outside-dir',
      hint: `Name a file inside connection.dir of system "${context.system}", or point dir at the folder that holds it.`,
    });
  }
  return { dir, path };
}
