import path from 'node:path';
import { IntegrationError } from '../core/integration-error.js';
import { formatPath } from './spec-problem.js';

/**
 * Secret references: `${env:NAME}`, `${file:path}` and `${secret:NAME}` (a credential stored
 * encrypted in the state store, see src/secrets) are the only ways a secret enters a spec.
 * The spec keeps the references; they are replaced only when a connector is opened, so a
 * loaded spec can be printed, diffed and shown on the dashboard without leaking anything.
 */

export interface SecretReference {
  readonly source: SecretSource;
  /** Variable name, file path or stored secret name, as written. */
  readonly name: string;
}

export type SecretSource = 'env' | 'file' | 'secret';

export interface SecretContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (file: string) => string;
  /** Directory of the spec; `${file:...}` paths are relative to it. */
  readonly baseDir: string;
  /** Spec path of `value`, for messages: `systems.crm.connection`. */
  readonly where: string;
  /**
   * Reads a stored secret (`${secret:NAME}`); throws an Error whose message says why it cannot.
   * Absent where the store is not open, which makes such references fail with a clear reason.
   */
  readonly secret?: ((name: string) => string) | undefined;
}

const referencePattern = /\$\{(env|file|secret):([^}]*)\}/g;

/** True when the whole text (around whitespace) is one reference: `${env:DB_PASSWORD}`. */
export function isSecretReference(text: string): boolean {
  const trimmed = text.trim();
  const references = findSecretReferences(trimmed);
  return references.length === 1 && trimmed === `\${${references[0]?.source}:${references[0]?.name}}`;
}

/** True when the text contains at least one reference: `postgres://app:${env:PW}@db/app`. */
export function hasSecretReference(text: string): boolean {
  return findSecretReferences(text).length > 0;
}

export function findSecretReferences(text: string): SecretReference[] {
  return [...text.matchAll(referencePattern)].map((match) => ({
    source: match[1] as SecretSource,
    name: match[2] ?? '',
  }));
}

/** Where a `${file:...}` reference points, given the spec's directory. */
export function secretFilePath(name: string, baseDir: string): string {
  return path.resolve(baseDir, name.trim());
}

/**
 * Returns a copy of `value` with every reference inside its strings replaced. Every reference
 * that cannot be resolved is named in one IntegrationError (kind config, code
 * secret-unresolved), so a user fixes them all at once. Messages name variables and files,
 * never values.
 */
export function resolveSecrets<T>(value: T, context: SecretContext): T {
  const failures: Failure[] = [];
  const resolved = resolveValue(value, [], context, failures);
  if (failures.length > 0) throw unresolvedError(failures);
  return resolved as T;
}

interface Failure {
  readonly where: string;
  readonly reference: SecretReference;
  readonly reason: string;
}

function resolveValue(
  value: unknown,
  at: (string | number)[],
  context: SecretContext,
  failures: Failure[],
): unknown {
  if (typeof value === 'string') return resolveText(value, at, context, failures);
  if (Array.isArray(value))
    return value.map((item, index) => resolveValue(item, [...at, index], context, failures));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveValue(item, [...at, key], context, failures)]),
    );
  }
  return value;
}

function resolveText(
  text: string,
  at: (string | number)[],
  context: SecretContext,
  failures: Failure[],
): string {
  if (!hasSecretReference(text)) return text;
  return text.replace(referencePattern, (whole, source: SecretSource, name: string) => {
    const reference = { source, name };
    const fail = (reason: string) => {
      failures.push({ where: joinPath(context.where, at), reference, reason });
      return whole;
    };
    if (source === 'env') {
      const variable = name.trim();
      if (variable === '') return fail('it names no environment variable');
      const found = context.env[variable];
      return found === undefined ? fail(`the environment variable ${variable} is not set`) : found;
    }
    if (source === 'secret') {
      if (context.secret === undefined) return fail('stored secrets are not available to this command');
      try {
        return context.secret(name.trim());
      } catch (error) {
        // The lookup's messages name the secret and the key id, never a value.
        const reason = error instanceof Error ? error.message : String(error);
        return fail(reason.charAt(0).toLowerCase() + reason.slice(1));
      }
    }
    const file = secretFilePath(name, context.baseDir);
    try {
      // Files written by editors and `echo` end with a newline that is not part of the secret.
      return context.readFile(file).replace(/[\r\n]+$/, '');
    } catch (error) {
      return fail(`the file ${file} cannot be read (${describeFileError(error)})`);
    }
  });
}

function unresolvedError(failures: readonly Failure[]): IntegrationError {
  const lines = failures.map(
    (f) => `${f.where} uses \${${f.reference.source}:${f.reference.name}}, but ${f.reason}`,
  );
  const message =
    lines.length === 1
      ? (lines[0] ?? '')
      : `${lines.length} secret references cannot be resolved:\n  ${lines.join('\n  ')}`;
  const hints: string[] = [];
  if (failures.some((f) => f.reference.source === 'env')) {
    hints.push('set the environment variables in the environment syncline runs in');
  }
  if (failures.some((f) => f.reference.source === 'file')) {
    hints.push("make sure the files exist and are readable; relative paths start from the spec's folder");
  }
  if (failures.some((f) => f.reference.source === 'secret')) {
    hints.push(
      'store missing secrets with `syncline secrets set NAME` and give the master key (SYNCLINE_MASTER_KEY or SYNCLINE_MASTER_KEYS, see docs/access-control.md)',
    );
  }
  return new IntegrationError(message, { kind: 'config', code: 'secret-unresolved', hint: hints.join('; ') });
}

function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return typeof code === 'string' ? code : 'unknown error';
}

function joinPath(where: string, at: readonly (string | number)[]): string {
  const tail = formatPath(at);
  if (where === '' || tail === '') return where + tail;
  return tail.startsWith('[') ? where + tail : `${where}.${tail}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
