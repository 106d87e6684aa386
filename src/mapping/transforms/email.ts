import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { emailProblem } from '../rules/email.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({});

/**
 * Trims and lower-cases an email address, and refuses one that does not look like an address
 * (the email rule's check). Lower-casing the part before the @ is what every mail system does
 * in practice, and it makes addresses compare and deduplicate. Empty text stays empty.
 */
export const emailTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'email',
  summary: 'Trims and lower-cases an email address; an address that does not look like one is an issue.',
  args,
  examples: [
    { step: 'email', input: '  LuisG@Embraer.com.br ', output: 'luisg@embraer.com.br' },
    { step: 'email', input: 'Stanisław.Wójcik@WP.pl', output: 'stanisław.wójcik@wp.pl' },
  ],
  compile: () =>
    function email(value: unknown): unknown {
      if (value === null || value === undefined) return value;
      if (typeof value !== 'string') {
        return recordIssue('bad-email', '', `${showValue(value)} is not an email address: not text`);
      }
      const address = value.trim().toLowerCase();
      if (address === '') return address;
      const problem = emailProblem(address);
      if (problem === undefined) return address;
      return recordIssue('bad-email', '', `${showValue(value)} is not an email address: ${problem}`);
    },
};
