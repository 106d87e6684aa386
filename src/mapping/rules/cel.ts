import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { CelFailure, compileCel } from '../compile-cel.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';

const args = z.strictObject({
  expr: z.string().min(1).describe('CEL expression over value, row and the source fields that must be true.'),
  message: z
    .string()
    .min(1)
    .optional()
    .describe('What the issue says when the expression is false (default: the expression).'),
});

/**
 * A validation rule written in CEL, for checks no named rule makes: across fields
 * (`value >= row.StartDate`), or on business logic. Unlike the other rules it also sees
 * missing values, so it can require them conditionally.
 */
export const celRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'cel',
  summary: 'The CEL expression (over value, row and the source fields) must be true.',
  args,
  positional: ['expr'],
  examples: [
    { step: "cel('value >= 0.0')", input: 3.96, passes: true },
    {
      step: "cel('value.startsWith(\"+\")', message: 'needs +country code')",
      input: '0711 2842222',
      passes: false,
    },
    {
      step: 'cel(\'Country != "USA" || value != null\')',
      input: null,
      row: { Country: 'USA' },
      passes: false,
    },
  ],
  compile: ({ expr, message }, context) => {
    const run = compileCel(expr, context, 'bool');
    if (typeof run !== 'function') return run;
    const explanation = message ?? `fails ${expr}`;
    return function cel(value: unknown, row: Row) {
      const result = run(value, row);
      if (result === true) return undefined;
      if (result instanceof CelFailure)
        return recordIssue(
          'cel-error',
          '',
          `${JSON.stringify(expr)} failed for ${showValue(value)}: ${result.reason}`,
        );
      if (result !== false)
        return recordIssue(
          'cel-error',
          '',
          `${JSON.stringify(expr)} gave ${showValue(result)}, not true or false`,
        );
      return recordIssue('cel-false', '', `${showValue(value)} ${explanation}`);
    };
  },
};
