import { readFileSync } from 'node:fs';
import { findSecretReferences, resolveSecrets } from '../spec/resolve-secrets.js';

/**
 * Masks secret values in text that leaves the process: log lines, API answers, error messages.
 * Values are registered once (every `${env:…}` / `${file:…}` the spec uses, resolved as a run
 * would resolve it) and replaced wherever they appear, whatever field they ended up in.
 */
export interface SecretRedactor {
  register(value: string): void;
  redact(text: string): string;
}

export const redactedMark = '[redacted]';

/** Shorter values would mask ordinary words and numbers; a secret that short is no secret. */
const shortest = 4;

export function createSecretRedactor(): SecretRedactor {
  const secrets = new Set<string>();
  let longestFirst: string[] = [];
  return {
    register(value) {
      if (value.length < shortest || secrets.has(value)) return;
      secrets.add(value);
      // Longest first, so a secret that contains another is masked whole.
      longestFirst = [...secrets].sort((a, b) => b.length - a.length);
      // A secret inside a URL or JSON shows up encoded: register those spellings too.
      for (const spelling of [encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
        if (spelling !== value) this.register(spelling);
      }
    },
    redact(text) {
      let masked = text;
      for (const secret of longestFirst) {
        if (masked.includes(secret)) masked = masked.split(secret).join(redactedMark);
      }
      return masked;
    },
  };
}

/**
 * Registers the value of every secret reference found in the strings of `spec` (resolved
 * from `env` and the files beside the spec). References that cannot be resolved are skipped
 * here: the run that needs them fails with its own message, which names no value.
 */
export function registerSpecSecrets(
  redactor: SecretRedactor,
  spec: unknown,
  context: { readonly env: Readonly<Record<string, string | undefined>>; readonly baseDir: string },
): void {
  for (const text of stringsIn(spec)) {
    for (const reference of findSecretReferences(text)) {
      try {
        const value = resolveSecrets(`\${${reference.source}:${reference.name}}`, {
          env: context.env,
          readFile: (file) => readFileSync(file, 'utf8'),
          baseDir: context.baseDir,
          where: 'secret',
        });
        redactor.register(value);
      } catch {
        // unresolved: nothing to mask
      }
    }
  }
}

function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) yield* stringsIn(item);
}
