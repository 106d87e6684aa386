import type { Locator } from './create-locator.js';
import { hasSecretReference, isSecretReference } from './resolve-secrets.js';
import { problemAt, type SpecPath, type SpecProblem } from './spec-problem.js';
import { walkLeaves } from './walk-leaves.js';

/**
 * Finds secrets written into the spec as plain text. A spec lives in version control, so a
 * password in it is leaked to everyone with access to the repository, for ever. Secrets belong
 * in `${env:NAME}` or `${file:path}` references. Messages name the place, never the value.
 */
export function findLiteralSecrets(raw: unknown, locate: Locator): SpecProblem[] {
  const problems: SpecProblem[] = [];
  walkLeaves(
    raw,
    (value, path) => {
      const reason = literalSecretReason(value, path.at(-1));
      if (reason === undefined) return;
      const hint = `use \${env:NAME} or \${file:path} instead, e.g. ${reason.example(ownerOf(path))}`;
      problems.push(problemAt(locate, path, 'literal-secret', reason.message, { hint }));
    },
    isLookupTables,
  );
  return problems;
}

// Compared after lower-casing and dropping "-" and "_", at the end of the key, so that
// `db_password` and `accessToken` match while `tokenUrl` and `passwordFile` do not.
const secretKeyEndings = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'credential',
  'credentials',
];

/** True for keys whose value is a secret: password, apiKey, client_secret, accessToken, ... */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_\s]/g, '');
  return secretKeyEndings.some((ending) => normalized.endsWith(ending));
}

/** True when text carries a secret of its own: a URL with a password, a token parameter, ... */
export function looksLikeSecretText(text: string): boolean {
  return textSecretReason(text) !== undefined;
}

interface Reason {
  readonly message: string;
  /** How the value could be written instead, given the name of what it belongs to (`crm`). */
  readonly example: (owner: string | undefined) => string;
}

const ending = 'so it ends up in version control';

function literalSecretReason(value: unknown, key: string | number | undefined): Reason | undefined {
  const isLiteral =
    (typeof value === 'string' && value.trim() !== '' && !isSecretReference(value)) ||
    typeof value === 'number';
  if (typeof key === 'string' && isSecretKey(key) && isLiteral) {
    return {
      message: `a secret (${key}) is written in the spec as plain text, ${ending}`,
      example: (owner) => `${key}: \${env:${envName(owner, key)}}`,
    };
  }
  return typeof value === 'string' ? textSecretReason(value) : undefined;
}

// scheme://user:password@host — the userinfo is everything between "//" and the last "@" before the path.
const urlUserinfo = /^\s*([a-z][a-z0-9+.-]*):\/\/([^/?#]*)@/i;
// name=value pairs in query strings and driver connection strings ("...;Password=x;").
const namedParameter = /(?:^|[?&;\s])([A-Za-z][\w.-]*)=([^&;\s]*)/g;
const slackWebhook = /hooks\.slack\.com\/services\/[^\s]+/i;

function textSecretReason(text: string): Reason | undefined {
  const userinfo = urlUserinfo.exec(text);
  if (userinfo) {
    const password = passwordOf(userinfo[2] ?? '');
    if (password !== '' && !isSecretReference(password)) {
      const scheme = userinfo[1] ?? 'scheme';
      return {
        message: `this address contains a password written as plain text, ${ending}`,
        example: (owner) => `${scheme}://user:\${env:${envName(owner, 'password')}}@host/...`,
      };
    }
  }
  for (const [, name = '', value = ''] of text.matchAll(namedParameter)) {
    if (isSecretKey(name) && value !== '' && !isSecretReference(value)) {
      return {
        message: `the ${name} parameter here is written as plain text, ${ending}`,
        example: (owner) => `${name}=\${env:${envName(owner, name)}}`,
      };
    }
  }
  if (slackWebhook.test(text) && !hasSecretReference(text)) {
    return {
      message: `a Slack webhook address contains its secret token, ${ending}`,
      example: (owner) => `url: \${env:${envName(owner, 'slack-webhook')}}`,
    };
  }
  return undefined;
}

/** The password part of `user:password`, treating the ":" inside `${env:X}` as part of a reference. */
function passwordOf(userinfo: string): string {
  let depth = 0;
  for (let i = 0; i < userinfo.length; i++) {
    if (userinfo.startsWith('${', i)) depth++;
    else if (userinfo[i] === '}' && depth > 0) depth--;
    else if (userinfo[i] === ':' && depth === 0) return userinfo.slice(i + 1);
  }
  return '';
}

/** `systems.crm.connection.password` -> `crm`: the system, flow or alert channel it belongs to. */
function ownerOf(path: SpecPath): string | undefined {
  return typeof path[1] === 'string' ? path[1] : undefined;
}

/** (`crm`, `apiKey`) -> `CRM_API_KEY` */
function envName(owner: string | undefined, name: string): string {
  return [owner, name]
    .filter((part) => part !== undefined)
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

// Lookup tables hold business data (a translation of "Password" is not a secret).
function isLookupTables(path: SpecPath): boolean {
  return path.length === 1 && path[0] === 'lookups';
}
