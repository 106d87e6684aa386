import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { compileDateReader } from '../date-reader.js';
import { toDecimal } from '../exact-decimal.js';
import { isMissing } from '../is-missing.js';
import { parseISO } from '../lazy-date-fns.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';
import { utc } from '../time-zone.js';
import { inUtc } from '../utc-date.js';

const bound = z.union([z.number(), z.string().min(1)]);

const args = z.strictObject({
  min: bound.optional().describe("Smallest value allowed: a number, or an ISO date ('2000-01-01')."),
  max: bound.optional().describe("Largest value allowed: a number, or an ISO date ('2030-12-31T23:59:59Z')."),
});

/**
 * The value must lie between min and max, both included: numbers compared exactly (decimal
 * text such as "12.50" too), or dates (date values, ISO text) when the bounds are ISO dates.
 */
export const rangeRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'range',
  summary:
    'The value must be between min and max (included): numbers, or dates when the bounds are ISO dates.',
  args,
  positional: ['min', 'max'],
  examples: [
    { step: 'range(0, 100)', input: 42.5, passes: true },
    { step: 'range(min: 0)', input: '-0.01', passes: false },
    { step: "range('2009-01-01', '2025-12-31')", input: '2021-01-01 00:00:00', passes: true },
    { step: "range(max: '2025-12-31')", input: new Date(Date.UTC(2026, 0, 1)), passes: false },
  ],
  compile: ({ min, max }) => {
    if (min === undefined && max === undefined)
      return issue('bad-step-args', '', 'give min:, max: or both', {
        hint: 'range(0, 100) or range(min: 0)',
      });
    const kinds = new Set([min, max].filter((b) => b !== undefined).map((b) => typeof b));
    if (kinds.size > 1)
      return issue('bad-step-args', '', 'min and max must both be numbers or both be dates');
    return kinds.has('number')
      ? numberRange(min as number | undefined, max as number | undefined)
      : dateRange(min as string | undefined, max as string | undefined);
  },
};

function numberRange(min: number | undefined, max: number | undefined) {
  const low = min === undefined ? undefined : toDecimal(min);
  const high = max === undefined ? undefined : toDecimal(max);
  if (min !== undefined && max !== undefined && min > max)
    return issue('bad-step-args', '', `min ${min} is greater than max ${max}`);
  return function range(value: unknown) {
    if (isMissing(value)) return undefined;
    if (typeof value === 'number') {
      if (Number.isNaN(value)) return notComparable(value, 'a number');
      if (min !== undefined && value < min) return below(value, min);
      if (max !== undefined && value > max) return above(value, max);
      return undefined;
    }
    const exact = toDecimal(value);
    if (exact === undefined) return notComparable(value, 'a number');
    if (low !== undefined && exact.lt(low)) return below(value, min);
    if (high !== undefined && exact.gt(high)) return above(value, max);
    return undefined;
  };
}

function dateRange(min: string | undefined, max: string | undefined) {
  const parse = (text: string | undefined) =>
    text === undefined ? undefined : parseISO(text, { in: inUtc }).getTime();
  const low = parse(min);
  const high = parse(max);
  const bad = [min, max].filter((text, i) => text !== undefined && Number.isNaN([low, high][i]));
  if (bad.length > 0) {
    return issue(
      'bad-step-args',
      '',
      `${bad.map((text) => `"${text}"`).join(' and ')} is neither a number nor an ISO date`,
      {
        hint: "write numbers without quotes, dates as '2024-01-31' or '2024-01-31T12:00:00Z'",
      },
    );
  }
  if (low !== undefined && high !== undefined && low > high)
    return issue('bad-step-args', '', `min ${min} is later than max ${max}`);
  const read = compileDateReader(['iso'], utc);
  return function range(value: unknown) {
    if (isMissing(value)) return undefined;
    const date = read(value);
    if (date === undefined) return notComparable(value, 'a date');
    const time = date.getTime();
    if (low !== undefined && time < low) return below(value, min);
    if (high !== undefined && time > high) return above(value, max);
    return undefined;
  };
}

function below(value: unknown, min: unknown) {
  return recordIssue('out-of-range', '', `${showValue(value)} is less than the minimum ${min}`);
}

function above(value: unknown, max: unknown) {
  return recordIssue('out-of-range', '', `${showValue(value)} is more than the maximum ${max}`);
}

function notComparable(value: unknown, what: string) {
  return recordIssue(
    'out-of-range',
    '',
    `${showValue(value)} is not ${what}, so it cannot be checked against the range`,
    {
      hint:
        what === 'a date' ? 'read the value with parse-date first' : 'read the value with parse-number first',
    },
  );
}
