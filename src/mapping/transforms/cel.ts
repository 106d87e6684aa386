import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { CelFailure, compileCel } from '../compile-cel.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  expr: z
    .string()
    .min(1)
    .describe('CEL expression over value, row and the source fields; its result is the new value.'),
});

/**
 * The escape hatch: a CEL expression computes the value, for what no named transform does.
 * Parsed and type-checked when the mapping compiles; unknown names are compile issues.
 */
export const celTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'cel',
  summary: 'Computes the value with a CEL expression over value, row and the source fields (see "CEL").',
  args,
  positional: ['expr'],
  examples: [
    { step: "cel('value * 1.19')", input: 10.5, output: 12.495 },
    {
      step: 'cel(\'Country == "Brazil" ? "LATAM" : "EMEA"\')',
      input: null,
      row: { Country: 'Brazil' },
      output: 'LATAM',
    },
    {
      step: "cel('value.size() > 10 ? value.substring(0, 10) : value')",
      input: 'Wichterlová s.r.o.',
      output: 'Wichterlov',
    },
  ],
  compile: ({ expr }, context) => {
    const run = compileCel(expr, context, 'any');
    if (typeof run !== 'function') return run;
    return function cel(value: unknown, row: Row): unknown {
      const result = run(value, row);
      if (result instanceof CelFailure)
        return recordIssue('cel-error', '', `${JSON.stringify(expr)} failed: ${result.reason}`);
      return result;
    };
  },
};
