import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';

const args = z.strictObject({});

/** Refuses a missing value: null, absent, empty text or only spaces. */
export const requiredRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'required',
  summary: 'The value must be present: not null, not empty, not only spaces.',
  args,
  examples: [
    { step: 'required', input: 'Bjørn', passes: true },
    { step: 'required', input: '  ', passes: false },
    { step: 'required', input: 0, passes: true },
  ],
  compile: () =>
    function required(value: unknown) {
      if (!isMissing(value)) return undefined;
      return recordIssue(
        'required',
        '',
        `is required but ${value === null || value === undefined ? 'null' : 'empty'}`,
        {
          hint: 'fill the source field, or add a default(...) transform',
        },
      );
    },
};
