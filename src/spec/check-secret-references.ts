import type { Locator } from './create-locator.js';
import { findSecretReferences, secretFilePath } from './resolve-secrets.js';
import { problemAt, type SpecProblem } from './spec-problem.js';
import { walkLeaves } from './walk-leaves.js';

export interface SecretEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory of the spec; `${file:...}` paths are relative to it. */
  readonly baseDir: string;
  readonly fileExists: (file: string) => boolean;
}

/**
 * Checks that every `${env:NAME}` is set and every `${file:path}` exists in the environment a
 * run will use, so that a run fails before it starts and names every missing secret at once,
 * instead of failing on the first connector it opens. Reads no secret: files are only tested
 * for existence. Only meaningful where the flows will run, hence optional in loadSpec.
 */
export function checkSecretReferences(
  raw: unknown,
  environment: SecretEnvironment,
  locate: Locator,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  walkLeaves(raw, (text, path) => {
    if (typeof text !== 'string') return;
    for (const reference of findSecretReferences(text)) {
      const name = reference.name.trim();
      const written = `\${${reference.source}:${reference.name}}`;
      if (reference.source === 'env' && environment.env[name] === undefined) {
        problems.push(
          problemAt(
            locate,
            path,
            'secret-unresolved',
            `${written} is used here, but the environment variable ${name || '(none)'} is not set`,
            {
              hint: `set ${name || 'the variable'} in the environment syncline runs in`,
            },
          ),
        );
      }
      if (reference.source === 'file' && !environment.fileExists(secretFilePath(name, environment.baseDir))) {
        problems.push(
          problemAt(
            locate,
            path,
            'secret-unresolved',
            `${written} is used here, but the file ${secretFilePath(name, environment.baseDir)} does not exist`,
            {
              hint: "create the file, or fix the path; relative paths start from the spec's folder",
            },
          ),
        );
      }
    }
  });
  return problems;
}
