import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { decimalString, ExactDecimal } from '../exact-decimal.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';

const spaces = [' ', '\u00a0', '\u202f', '\u2009'];
const apostrophes = ["'", '’'];
const defaultGroups: Readonly<Record<'.' | ',', readonly string[]>> = {
  '.': [',', ...spaces, ...apostrophes],
  ',': ['.', ...spaces, ...apostrophes],
};

const args = z.strictObject({
  decimal: z
    .enum(['.', ','])
    .default('.')
    .describe("Decimal separator: '.' (default; 1,234.56) or ',' (1.234,56)."),
  group: z
    .array(z.string().length(1))
    .optional()
    .describe(
      "Group (thousands) separators accepted; default the other of . and , plus spaces (also no-break) and apostrophes (1'234.50).",
    ),
  as: z
    .enum(['number', 'decimal'])
    .default('number')
    .describe(
      'number (default), or decimal: exact decimal text ("1234.56"), for amounts a float would change.',
    ),
});

/**
 * Reads a number written for people: a sign, digits in groups of three (or the Indian 2-2-3),
 * a decimal separator, an exponent. Groups are checked, so "1.23,4" is refused rather than
 * guessed; one value uses one group separator. Numbers pass through; empty text gives null.
 */
export const parseNumberTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'parse-number',
  summary:
    "Reads a number written with a decimal separator ('.' or ',') and group separators (1.234,56 · 1,234.56 · 1 234,56 · 1'234.56).",
  args,
  examples: [
    { step: "parse-number(decimal: ',')", input: '1.234,56', output: 1234.56 },
    { step: 'parse-number', input: '-1,234,567.5', output: -1234567.5 },
    { step: "parse-number(decimal: ',', as: decimal)", input: '1 234,50', output: '1234.50' },
    { step: 'parse-number', input: "1'000", output: 1000 },
  ],
  compile: ({ decimal, group, as }) => {
    const groups = group ?? defaultGroups[decimal];
    if (groups.includes(decimal)) {
      return issue('bad-step-args', '', `"${decimal}" cannot be both the decimal and a group separator`);
    }
    const syntax = numberSyntax(decimal, groups);
    const other = numberSyntax(decimal === '.' ? ',' : '.', defaultGroups[decimal === '.' ? ',' : '.']);
    const toResult =
      as === 'number'
        ? (normalized: string) => Number(normalized)
        : // Decimals as written: "1,50" is 1.50, a price, not 1.5.
          (normalized: string) =>
            normalized.includes('e') ? decimalString(new ExactDecimal(normalized)) : normalized;

    return function parseNumber(value: unknown): unknown {
      if (value === null || value === undefined) return value;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return notNumber(value, decimal, false);
        return as === 'number' ? value : decimalString(new ExactDecimal(value));
      }
      if (typeof value === 'bigint') return as === 'number' ? value : value.toString();
      if (typeof value !== 'string') return notNumber(value, decimal, false);
      const text = value.trim();
      if (text === '') return null;
      const normalized = normalize(text, syntax);
      if (normalized !== undefined) return toResult(normalized);
      return notNumber(value, decimal, normalize(text, other) !== undefined);
    };
  },
};

function escapeRegex(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

function numberSyntax(decimal: string, groups: readonly string[]): RegExp {
  const g = `[${groups.map(escapeRegex).join('')}]`;
  const d = escapeRegex(decimal);
  // Groups: 1 sign, 2 integer part, 3 and 4 the group separator (back-references make every
  // later one the same), 5 fraction, 6 exponent. The integer part is plain digits, groups of
  // three, or the Indian lakh/crore grouping (12,34,567).
  const integer = `\\d+|\\d{1,3}(${g})\\d{3}(?:\\3\\d{3})*|\\d{1,2}(${g})\\d{2}(?:\\4\\d{2})*\\4\\d{3}`;
  return new RegExp(`^([+\\-−])?(${integer})?(?:${d}(\\d+))?(?:[eE]([+-]?\\d+))?$`, 'u');
}

// Most numbers in data have no sign, groups or exponent: they skip the full syntax.
const plainDigits = /^\d+$/;

/** "-1234.56" from the text, or undefined when it is not a number in this syntax. */
function normalize(text: string, syntax: RegExp): string | undefined {
  if (plainDigits.test(text))
    return text.length > 1 && text.charCodeAt(0) === 48 ? text.replace(/^0+(?=\d)/, '') : text;
  const match = syntax.exec(text);
  if (match === null) return undefined;
  const sign = match[1];
  const integer = match[2];
  const fraction = match[5];
  const exponent = match[6];
  if (integer === undefined && fraction === undefined) return undefined;
  const separator = match[3] ?? match[4];
  let whole =
    integer === undefined ? '0' : separator === undefined ? integer : integer.replaceAll(separator, '');
  if (whole.length > 1 && whole.charCodeAt(0) === 48) whole = whole.replace(/^0+(?=\d)/, '');
  let out = sign === undefined || sign === '+' ? whole : `-${whole}`;
  if (fraction !== undefined) out += `.${fraction}`;
  if (exponent !== undefined) out += `e${exponent}`;
  return out;
}

function notNumber(value: unknown, decimal: string, fitsOther: boolean) {
  const hint = fitsOther
    ? `it reads as a number with "${decimal === '.' ? ',' : '.'}" as the decimal separator: set decimal: '${decimal === '.' ? ',' : '.'}'`
    : 'remove currency signs and units first, e.g. with replace(...)';
  return recordIssue(
    'not-a-number',
    '',
    `${showValue(value)} is not a number written with "${decimal}" as the decimal separator`,
    {
      hint,
    },
  );
}
