import { describe, expect, it } from 'vitest';
import { isIssue } from '../core/issue.js';
import type { LookupTable } from '../spec/schema.js';
import { compileSteps, type StepDefinition } from './compile-steps.js';
import type { RuleFn } from './rule.js';
import { rules } from './rule-registry.js';
import type { TransformFn } from './transform.js';
import { transforms } from './transform-registry.js';

// Every definition documents itself with examples (docs/mapping.md shows them); this runs them,
// so the docs cannot promise what the code does not do.

function compileOne<F>(
  step: string,
  kind: 'transform' | 'rule',
  definitions: readonly StepDefinition<F>[],
  context: {
    targets?: readonly string[];
    lookups?: Readonly<Record<string, LookupTable>>;
    rowFields: string[];
  },
): F {
  const compiled = compileSteps(step, 'example', {
    kind,
    definitions: new Map(definitions.map((d) => [d.name, d])),
    otherKindNames: new Set(),
    context: {
      lookups: context.lookups ?? {},
      targets: context.targets ?? ['out'],
      sources: ['in'],
      rowFields: context.rowFields,
    },
  });
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => `${i.message} (${i.hint})`).join('\n'));
  expect(compiled.steps).toHaveLength(1);
  return (compiled.steps[0] as { run: F }).run;
}

describe('transform examples', () => {
  for (const definition of transforms) {
    it(`${definition.name} has examples that hold`, () => {
      expect(definition.examples?.length ?? 0, 'examples').toBeGreaterThan(0);
      for (const example of definition.examples ?? []) {
        const row = example.row ?? {};
        const run = compileOne<TransformFn>(
          example.step,
          'transform',
          transforms as readonly StepDefinition<TransformFn>[],
          { ...example, rowFields: Object.keys(row) },
        );
        const output = run(example.input, row);
        if (isIssue(output)) throw new Error(`${example.step}: ${output.message}`);
        expect(output, example.step).toEqual(example.output);
      }
    });
  }
});

describe('rule examples', () => {
  for (const definition of rules) {
    it(`${definition.name} has examples that hold`, () => {
      expect(definition.examples?.length ?? 0, 'examples').toBeGreaterThan(0);
      for (const example of definition.examples ?? []) {
        const row = example.row ?? {};
        const run = compileOne<RuleFn>(example.step, 'rule', rules as readonly StepDefinition<RuleFn>[], {
          ...example,
          rowFields: Object.keys(row),
        });
        const problem = run(example.input, row);
        expect(
          problem === undefined,
          `${example.step} on ${String(example.input)}: ${problem?.message}`,
        ).toBe(example.passes);
      }
    });
  }
});
