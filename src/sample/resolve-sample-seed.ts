import { readFileSync } from 'node:fs';
import { IntegrationError } from '../core/integration-error.js';
import { isSecretReference, resolveSecrets } from '../spec/resolve-secrets.js';

/** The default seed reference: one variable a team shares, so everyone's samples agree. */
export const defaultSeedReference = '${env:SYNCLINE_SAMPLE_SEED}';
const minimumSeedLength = 16;

/**
 * The sample seed, from a secret reference only (`${env:X}`, `${file:path}`): a seed typed on
 * the command line would sit in shell history, and anyone holding it can recompute every
 * pseudonym from guessed originals (docs/decisions/0025).
 */
export function resolveSampleSeed(
  reference: string,
  context: { readonly env: Readonly<Record<string, string | undefined>>; readonly baseDir: string },
): string {
  if (!isSecretReference(reference))
    throw new IntegrationError('--seed takes a secret reference, not the seed itself', {
      kind: 'config',
      code: 'sample-seed-literal',
      hint: "write --seed '${env:NAME}' or --seed '${file:path}' (quoted, so the shell leaves it alone)",
    });
  let seed: string;
  try {
    seed = resolveSecrets(reference.trim(), {
      env: context.env,
      readFile: (file) => readFileSync(file, 'utf8'),
      baseDir: context.baseDir,
      where: '--seed',
    });
  } catch (error) {
    if (!(error instanceof IntegrationError)) throw error;
    throw new IntegrationError(`the sample seed is required: ${error.message}`, {
      kind: 'config',
      code: 'sample-seed-missing',
      hint: `create one with \`openssl rand -hex 32\`, keep it secret, and set it where ${reference.trim()} points${reference.trim() === defaultSeedReference ? ' (or name another with --seed)' : ''}`,
      cause: error,
    });
  }
  if (Array.from(seed).length < minimumSeedLength)
    throw new IntegrationError(
      `the sample seed from ${reference.trim()} has ${Array.from(seed).length} characters; at least ${minimumSeedLength} are needed`,
      {
        kind: 'config',
        code: 'sample-seed-weak',
        hint: 'a short seed can be guessed, and with it every pseudonym: use `openssl rand -hex 32`',
      },
    );
  return seed;
}
