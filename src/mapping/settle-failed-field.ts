import { type Issue, isIssue, issue, recordIssue } from '../core/issue.js';
import type { FieldSpec, OnInvalid } from '../spec/schema.js';
import { showValue } from './show-value.js';

/**
 * What a failing field writes, chosen once by its policy. `badValues` handles values that
 * failed their rules (target `index` of the field, value `value`); `failedField` handles a read
 * or transform that failed (`original` is the value read, or an Issue when a source field is
 * absent). Both return the issues to report.
 *
 * - dead-letter, stop, warn: the value as made (a failed transform: the original; an absent
 *   source field: nothing) — only warn's record is written, so only warn's output matters;
 * - default: the field's default: value, and the issue says so;
 * - drop-field: nothing, and the issue says so.
 */
export interface Settler {
  readonly badValue: (out: Record<string, unknown>, index: number, value: unknown, found: Issue[]) => Issue[];
  readonly failedField: (out: Record<string, unknown>, original: unknown, found: Issue[]) => Issue[];
}

export function settlerFor(
  policy: OnInvalid,
  targets: readonly string[],
  fallback: readonly unknown[] | undefined,
): Settler {
  const count = targets.length;
  if (policy === 'default' && fallback !== undefined) {
    return {
      badValue: (out, index, _value, found) => {
        out[targets[index] as string] = fallback[index];
        return found.map((problem) =>
          annotate(problem, `wrote the default ${showValue(fallback[index])} instead`),
        );
      },
      failedField: (out, _original, found) => {
        for (let i = 0; i < count; i++) out[targets[i] as string] = fallback[i];
        const written = count === 1 ? showValue(fallback[0]) : `[${fallback.map(showValue).join(', ')}]`;
        return found.map((problem) => annotate(problem, `wrote the default ${written} instead`));
      },
    };
  }
  if (policy === 'drop-field') {
    const left = count === 1 ? 'the field was left out' : `${targets.join(', ')} were left out`;
    return {
      badValue: (_out, _index, _value, found) =>
        found.map((problem) => annotate(problem, 'the field was left out')),
      failedField: (_out, _original, found) => found.map((problem) => annotate(problem, left)),
    };
  }
  const single = count === 1;
  return {
    badValue: (out, index, value, found) => {
      out[targets[index] as string] = value;
      return found;
    },
    failedField: (out, original, found) => {
      if (isIssue(original)) return found;
      if (single) out[targets[0] as string] = original;
      else if (Array.isArray(original) && original.length === count)
        for (let i = 0; i < count; i++) out[targets[i] as string] = original[i];
      else for (let i = 0; i < count; i++) out[targets[i] as string] = i === 0 ? original : null;
      return found;
    },
  };
}

function annotate(problem: Issue, what: string): Issue {
  const { code, path, message, ...extra } = problem;
  return recordIssue(code, path, `${message}; ${what}`, extra);
}

/**
 * The values `onInvalid: default` writes, one per target; undefined for other policies. A
 * `default:` that would never be used is refused: it reads like "use this when empty", which
 * is the default(...) transform's job, and a silently ignored key is a trap.
 */
export function fallbackValues(
  field: FieldSpec,
  at: string,
  targets: readonly string[],
  policy: OnInvalid,
  issues: Issue[],
): readonly unknown[] | undefined {
  const given = field.default;
  if (policy !== 'default') {
    if (given !== undefined) {
      issues.push(
        issue(
          'unused-default',
          `${at}.default`,
          `default: is only written when onInvalid is default, and here it is ${policy}`,
          {
            hint: 'set onInvalid: default on the field, or use transform: "default(...)" to fill empty values',
          },
        ),
      );
    }
    return undefined;
  }
  if (given === undefined) {
    issues.push(
      issue(
        'no-default',
        field.onInvalid === undefined ? at : `${at}.onInvalid`,
        field.onInvalid === undefined
          ? "the flow's onInvalid is default, but this field has no default: value"
          : 'onInvalid: default needs a default: value on the field',
        {
          hint: 'add default: with the value to write (null is allowed), or give the field its own onInvalid',
        },
      ),
    );
    return undefined;
  }
  if (!Array.isArray(given)) return targets.map(() => given);
  if (!Array.isArray(field.to)) {
    issues.push(
      issue('bad-default', `${at}.default`, 'default: is a list, but to: is one field', {
        hint: 'write a single value; lists are for fields that write several targets',
      }),
    );
    return undefined;
  }
  if (given.length !== targets.length) {
    issues.push(
      issue(
        'bad-default',
        `${at}.default`,
        `default: lists ${given.length} value(s) but to: has ${targets.length} field(s)`,
        { hint: 'give one value for every target, or a single value for all of them' },
      ),
    );
    return undefined;
  }
  return given;
}
