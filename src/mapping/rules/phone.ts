import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import { compilePhoneReader } from '../read-phone.js';
import type { RuleDefinition } from '../rule.js';
import { countryArg, phoneCheckArg, phoneRegion } from '../transforms/phone.js';

const args = z.strictObject({
  country: countryArg,
  check: phoneCheckArg,
});

/** The value must be a phone number (valid for its country by default), in any writing. */
export const phoneRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'phone',
  summary: 'The value must be a phone number in use (or, with check: possible, of a possible length).',
  args,
  positional: ['country'],
  examples: [
    { step: 'phone', input: '+420 2 4172 5555', passes: true },
    { step: 'phone(DE)', input: '0711 2842222', passes: true },
    { step: 'phone', input: '12345', passes: false },
  ],
  compile: ({ country, check }) => {
    const region = phoneRegion(country);
    if (typeof region === 'object') return region;
    const read = compilePhoneReader(region, check);
    return function phone(value: unknown) {
      if (isMissing(value)) return undefined;
      const number = read(value);
      return typeof number === 'string' ? recordIssue('bad-phone', '', number) : undefined;
    };
  },
};
