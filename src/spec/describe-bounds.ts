import type { z } from 'zod';
import { describeValue } from './describe-value.js';

/** Says in words which sizes or values a key accepts, for zod's too_small / too_big issues. */

type Issue = z.core.$ZodIssue;

export function describeTooSmall(issue: Extract<Issue, { code: 'too_small' }>, value: unknown): string {
  const min = Number(issue.minimum);
  if (issue.origin === 'string')
    return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`;
  if (issue.origin === 'array') {
    const count = Array.isArray(value) ? value.length : 0;
    return `needs ${issue.exact ? 'exactly' : 'at least'} ${plural(min, 'item')}, got ${count}`;
  }
  const bound = issue.inclusive ? `at least ${min}` : `more than ${min}`;
  return `must be ${bound}, got ${describeValue(value)}`;
}

export function describeTooBig(issue: Extract<Issue, { code: 'too_big' }>, value: unknown): string {
  const max = Number(issue.maximum);
  if (issue.origin === 'string') return `must be at most ${max} characters long`;
  if (issue.origin === 'array') {
    const count = Array.isArray(value) ? value.length : 0;
    return `can have ${issue.exact ? 'exactly' : 'at most'} ${plural(max, 'item')}, got ${count}`;
  }
  const bound = issue.inclusive ? `at most ${max}` : `less than ${max}`;
  return `must be ${bound}, got ${describeValue(value)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
