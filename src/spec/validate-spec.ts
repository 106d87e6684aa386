import type { z } from 'zod';
import { didYouMean } from '../core/did-you-mean.js';
import type { Locator } from './create-locator.js';
import { describeTooBig, describeTooSmall } from './describe-bounds.js';
import { describeExpected, describeLiteral, describeValue, listOr, quote } from './describe-value.js';
import { isSecretKey } from './find-literal-secrets.js';
import { type Spec, specSchema } from './schema.js';
import { allowedKeysAt, descriptionAt } from './schemas-at-path.js';
import { formatPath, problemAt, type SpecPath, type SpecProblem } from './spec-problem.js';

export type ValidateResult =
  | { readonly ok: true; readonly spec: Spec }
  | { readonly ok: false; readonly problems: SpecProblem[] };

type Issue = z.core.$ZodIssue;

/**
 * zod's own messages are written for programmers. This marker stands in for them (a per-parse
 * error map ranks below the messages written into schema.ts), so that a message written in
 * the schema is kept and every other one is replaced by plain English here.
 */
const zodWording = '\u0000zod';

/** Checks the parsed YAML against spec v1 and turns every zod issue into a located problem. */
export function validateSpec(raw: unknown, locate: Locator): ValidateResult {
  const result = specSchema.safeParse(raw, { error: () => zodWording });
  if (result.success) return { ok: true, spec: result.data };
  const problems = result.error.issues.flatMap((issue) => issueProblems(issue, [], raw, locate));
  return { ok: false, problems };
}

function issueProblems(issue: Issue, base: SpecPath, raw: unknown, locate: Locator): SpecProblem[] {
  const path = [...base, ...issue.path.filter((s): s is string | number => typeof s !== 'symbol')];
  const value = valueAt(raw, path);
  const key = path.at(-1);
  const custom = issue.message === zodWording ? undefined : issue.message;
  const report = (code: string, message: string, hint?: string) => [
    problemAt(locate, path, code, message, { hint }),
  ];

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((unknown) => unknownKeyProblem(path, unknown, locate));
    case 'invalid_union':
      return unionProblems(issue, path, raw, locate);
    case 'invalid_key': {
      const reason = issue.issues[0]?.message;
      const detail = reason && reason !== zodWording ? `: ${reason}` : '';
      return [
        problemAt(locate, path, 'invalid-name', `the name ${quote(String(key))} is not allowed${detail}`, {
          target: 'key',
        }),
      ];
    }
    case 'invalid_type':
      if (value === undefined) return [missingKeyProblem(path, locate)];
      return report(
        'wrong-type',
        `expected ${describeExpected(issue.expected)}, got ${describeValue(value, key)}`,
        typeHint(issue.expected, value, key),
      );
    case 'invalid_value': {
      const allowed = issue.values.map(describeLiteral);
      if (value === undefined) return [missingKeyProblem(path, locate)];
      const got = describeValue(value, key);
      if (allowed.length === 1) return report('invalid-value', `expected ${allowed[0]}, got ${got}`);
      const suggestion = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : undefined;
      return report(
        'invalid-value',
        `expected one of ${listOr(allowed)}, got ${got}`,
        suggestion && `did you mean ${quote(suggestion)}?`,
      );
    }
    case 'invalid_format':
      return report(
        'invalid-format',
        custom
          ? `${describeValue(value, key)} is not valid: ${custom}`
          : `${describeValue(value, key)} is not in the expected form (${issue.format})`,
      );
    case 'too_small':
      return report('too-small', custom ?? describeTooSmall(issue, value));
    case 'too_big':
      return report('too-big', custom ?? describeTooBig(issue, value));
    case 'not_multiple_of':
      return report(
        'invalid-value',
        custom ?? `must be a multiple of ${issue.divisor}, got ${describeValue(value, key)}`,
      );
    default:
      return report('invalid-value', custom ?? `${describeValue(value, key)} is not valid here`);
  }
}

function unknownKeyProblem(path: SpecPath, key: string, locate: Locator): SpecProblem {
  const allowed = allowedKeysAt(specSchema, path).filter((name) => name !== '$schema');
  const suggestion = didYouMean(key, allowed);
  const hint = suggestion
    ? `did you mean ${quote(suggestion)}?`
    : allowed.length > 0
      ? `the keys allowed here are ${allowed.join(', ')}`
      : undefined;
  return problemAt(locate, [...path, key], 'unknown-key', `unknown key ${quote(key)}`, {
    hint,
    target: 'key',
  });
}

function missingKeyProblem(path: SpecPath, locate: Locator): SpecProblem {
  const key = String(path.at(-1));
  const parent = formatPath(path.slice(0, -1));
  const where = parent === '' ? 'at the top of the file' : `under ${parent}`;
  const description = descriptionAt(specSchema, path)?.replace(/\.$/, '');
  const hint = `add ${key}: ${where}${description ? ` — ${description}` : ''}`;
  return problemAt(locate, path, 'missing-key', `required key ${quote(key)} is missing`, { hint });
}

/**
 * A union (`to:` is text or a list) reports one failure per option. The options that failed
 * only because the value has another type say nothing useful; if one option had the right type,
 * its own problems are the ones to show. Otherwise the user gets "expected text or a list".
 */
function unionProblems(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: SpecPath,
  raw: unknown,
  locate: Locator,
): SpecProblem[] {
  const isTypeMismatch = (inner: Issue) =>
    (inner.code === 'invalid_type' || inner.code === 'invalid_union') && inner.path.length === 0;
  const matching = issue.errors.find((branch) => branch.length > 0 && !branch.every(isTypeMismatch));
  if (matching) return matching.flatMap((inner) => issueProblems(inner, path, raw, locate));
  const value = valueAt(raw, path);
  if (value === undefined) return [missingKeyProblem(path, locate)];
  const expected = [
    ...new Set(
      issue.errors
        .flat()
        .flatMap((inner) => (inner.code === 'invalid_type' ? [describeExpected(inner.expected)] : [])),
    ),
  ];
  const message =
    expected.length > 0
      ? `expected ${listOr(expected)}, got ${describeValue(value, path.at(-1))}`
      : `${describeValue(value, path.at(-1))} is not valid here`;
  return [problemAt(locate, path, 'wrong-type', message)];
}

/** The usual YAML slip behind a type mismatch: quotes around a number, or a number where text goes. */
function typeHint(expected: string, value: unknown, key: string | number | undefined): string | undefined {
  if (typeof key === 'string' && isSecretKey(key)) return undefined;
  const isNumeric = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value));
  if ((expected === 'number' || expected === 'int') && isNumeric)
    return 'remove the quotes around the number';
  if (expected === 'boolean' && (value === 'true' || value === 'false'))
    return 'remove the quotes around true/false';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `put it in quotes: "${String(value)}"`;
  }
  return undefined;
}

function valueAt(raw: unknown, path: SpecPath): unknown {
  let node = raw;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
