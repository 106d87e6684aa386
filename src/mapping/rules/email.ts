import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';

const args = z.strictObject({});

/**
 * A pragmatic address check, not RFC 5322: one @, something before it, and a domain with a
 * dot and no spaces. Catches the typos real data has; deliverability is not its business.
 */
export const emailRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'email',
  summary:
    'The value must look like an email address: one @, a name before it, a domain with a dot after it.',
  args,
  examples: [
    { step: 'email', input: 'stanisław.wójcik@wp.pl', passes: true },
    { step: 'email', input: 'luis.embraer.com.br', passes: false },
  ],
  compile: () =>
    function email(value: unknown) {
      if (isMissing(value)) return undefined;
      const problem = typeof value === 'string' ? emailProblem(value.trim()) : 'not text';
      if (problem === undefined) return undefined;
      return recordIssue('bad-email', '', `${showValue(value)} is not an email address: ${problem}`);
    },
};

/** What is wrong with an address, or undefined when it looks right. */
export function emailProblem(address: string): string | undefined {
  const at = address.indexOf('@');
  if (at < 0) return 'no @';
  if (address.indexOf('@', at + 1) >= 0) return 'more than one @';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return 'nothing before the @';
  if (domain === '') return 'nothing after the @';
  if (/\s/.test(address)) return 'it contains a space';
  if (!domain.includes('.')) return `the domain ${showValue(domain)} has no dot`;
  if (domain.startsWith('.') || domain.endsWith('.') || domain.includes('..')) {
    return `the domain ${showValue(domain)} has an empty part`;
  }
  return undefined;
}
