import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { isSecretReference } from '../../spec/resolve-secrets.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';
import type { TransformDefinition } from '../transform.js';

const minimumSaltLength = 16;

const args = z.strictObject({
  salt: z
    .string()
    .min(1)
    .describe(
      `Secret key, at least ${minimumSaltLength} characters: write a reference such as '\${env:PSEUDONYM_SALT}'.`,
    ),
  length: z
    .number()
    .int()
    .min(16)
    .max(64)
    .default(64)
    .describe('Hex characters kept (default all 64); fewer make shorter pseudonyms with more collisions.'),
});

/**
 * Pseudonymises a value: HMAC-SHA-256 keyed with a secret salt, written as lower-case hex. The
 * same value and salt always give the same pseudonym, so records still join across systems,
 * but without the salt nobody can test guesses against it. node:crypto is computation, not
 * I/O, so the mapping stays pure. The salt is a secret: a `${env:...}` reference that the
 * engine resolves (CompileContext.resolveSecret); without a resolver every value is refused,
 * so a spec checked without secrets compiles but can never write weak pseudonyms.
 */
export const hashTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'hash',
  summary: 'Pseudonymises a value with HMAC-SHA-256 and a secret salt; same value, same hex pseudonym.',
  args,
  examples: [
    {
      step: "hash(salt: 'a-long-secret-salt-for-tests', length: 16)",
      input: 'luisg@embraer.com.br',
      output: '585ff546818f5a66',
    },
  ],
  compile: ({ salt, length }, { resolveSecret }) => {
    let key = salt;
    if (isSecretReference(salt)) {
      if (resolveSecret === undefined) {
        return function hashWithoutSalt(value: unknown): unknown {
          if (value === null || value === undefined || value === '') return value;
          return recordIssue(
            'secret-unavailable',
            '',
            `the salt ${salt.trim()} was not resolved, so nothing is hashed`,
            {
              hint: 'run with the secret available to the engine',
            },
          );
        };
      }
      const resolved = resolveSecret(salt.trim());
      if (resolved === undefined) {
        return issue('secret-unresolved', '', `the salt ${salt.trim()} cannot be resolved`, {
          hint: 'set the variable or create the file it names',
        });
      }
      key = resolved;
    }
    if (Array.from(key).length < minimumSaltLength) {
      return issue(
        'weak-salt',
        '',
        `the salt has ${Array.from(key).length} characters; at least ${minimumSaltLength} are needed`,
        {
          hint: 'use a long random secret, e.g. openssl rand -hex 32, kept in ${env:...}',
        },
      );
    }
    return function hash(value: unknown): unknown {
      if (value === null || value === undefined || value === '') return value;
      const text = Array.isArray(value) ? undefined : toText(value);
      if (text === undefined)
        return recordIssue(
          'not-text',
          '',
          `cannot hash ${showValue(value)}: only text, numbers and dates hash`,
        );
      const digest = createHmac('sha256', key).update(text, 'utf8').digest('hex');
      return length === 64 ? digest : digest.slice(0, length);
    };
  },
};
