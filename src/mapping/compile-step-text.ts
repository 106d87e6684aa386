import { type Issue, isIssue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import { compileSteps, type StepDefinition } from './compile-steps.js';
import type { RuleFn } from './rule.js';
import { rules } from './rule-registry.js';
import type { CompileContext, TransformFn } from './transform.js';
import { transforms } from './transform-registry.js';

type Compiled<F> =
  | { readonly ok: true; readonly run: F }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Compiles steps written as in a spec (`"trim | pad(5, '0')"`, `"max-length(80)"`) with the
 * built-in library, through the same parser and argument checks as a mapping, outside of one:
 * for tests, the mapping sheet's examples and generated edge cases. Transforms run in order
 * and stop at the first Issue; rules run in order and give the first Issue.
 */
export function compileStepText(
  text: string,
  kind: 'transform',
  context?: Partial<CompileContext>,
): Compiled<TransformFn>;
export function compileStepText(
  text: string,
  kind: 'rule',
  context?: Partial<CompileContext>,
): Compiled<RuleFn>;
export function compileStepText(
  text: string,
  kind: 'transform' | 'rule',
  context: Partial<CompileContext> = {},
): Compiled<TransformFn> | Compiled<RuleFn> {
  const own = (kind === 'transform' ? transforms : rules) as readonly StepDefinition<TransformFn | RuleFn>[];
  const other = kind === 'transform' ? rules : transforms;
  const compiled = compileSteps(text, 'step', {
    kind,
    definitions: new Map(own.map((definition) => [definition.name, definition])),
    otherKindNames: new Set(other.map((definition) => definition.name)),
    context: { lookups: {}, targets: ['out'], sources: ['in'], ...context },
  });
  if (!compiled.ok) return compiled;
  const runs = compiled.steps.map((step) => step.run);
  if (kind === 'rule') {
    const checks = runs as RuleFn[];
    return {
      ok: true,
      run: (value: unknown, row: Row) => {
        for (const check of checks) {
          const problem = check(value, row);
          if (problem !== undefined) return problem;
        }
        return undefined;
      },
    };
  }
  const steps = runs as TransformFn[];
  return {
    ok: true,
    run: (value: unknown, row: Row) => {
      let current = value;
      for (const step of steps) {
        current = step(current, row);
        if (isIssue(current)) return current;
      }
      return current;
    },
  };
}
