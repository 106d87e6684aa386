import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';

const decimalText = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const checks = {
  string: (value: unknown) => typeof value === 'string',
  number: (value: unknown) =>
    (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint',
  integer: (value: unknown) => Number.isSafeInteger(value) || typeof value === 'bigint',
  decimal: (value: unknown) =>
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'bigint' ||
    (typeof value === 'string' && decimalText.test(value)),
  boolean: (value: unknown) => typeof value === 'boolean',
  date: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()),
} as const;

type TypeName = keyof typeof checks;

const args = z.strictObject({
  type: z
    .enum(Object.keys(checks) as [TypeName, ...TypeName[]])
    .describe('string, number, integer, decimal, boolean or date.'),
});

const hints: Readonly<Record<TypeName, string>> = {
  string: "write numbers and dates as text with format-date or cel('string(value)')",
  number: "read text with parse-number (parse-number(decimal: ',') for 1.234,56)",
  integer: 'read text with parse-number, and round(0) if it may have decimals',
  decimal: 'read formatted text with parse-number(as: decimal)',
  boolean: 'read yes/no text with boolean',
  date: 'read text with parse-date',
};

/**
 * The value written must be of a type: string, number (finite, or a bigint), integer (a whole
 * number within ±2^53, or a bigint), decimal (a number or exact decimal text such as "12.50"),
 * boolean, or date (a valid date value). Text is not a number: parse it first.
 */
export const typeRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'type',
  summary: 'The value must be a string, number, integer, decimal, boolean or date (text is not parsed).',
  args,
  positional: ['type'],
  examples: [
    { step: 'type(integer)', input: 42, passes: true },
    { step: 'type(number)', input: '42', passes: false },
    { step: 'type(decimal)', input: '1234.56', passes: true },
  ],
  compile: ({ type }) => {
    const check = checks[type];
    const hint = hints[type];
    return function typeCheck(value: unknown) {
      if (isMissing(value) || check(value)) return undefined;
      return recordIssue(
        'wrong-type',
        '',
        `${showValue(value)} is ${describeType(value)}, not ${article(type)}`,
        { hint },
      );
    };
  },
};

function article(type: TypeName): string {
  return type === 'integer' ? 'an integer' : `a ${type}`;
}

function describeType(value: unknown): string {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : 'not a finite number';
  if (typeof value === 'boolean') return 'a boolean';
  if (value instanceof Date) return 'an invalid date';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  return typeof value === 'object' ? 'an object' : typeof value;
}
