import { type Issue, isIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { compileStepText } from '../compile-step-text.js';
import type { CompileContext, TransformDefinition, TransformFn } from '../transform.js';

/**
 * What the transforms' own tests (`*.test.ts` beside them) share: a step compiled from its
 * spec text or from its definition, the problems a step text compiles to, and an Issue cut to
 * what a test compares. Test use only; nothing in the product imports this file.
 */

/** A transform step from its spec text (`parse-number(decimal: ',')`), run as `(value, row?)`; throws if it does not compile. */
export function step(
  text: string,
  context?: Partial<CompileContext>,
): (value: unknown, row?: Row) => unknown {
  const compiled = compileStepText(text, 'transform', context);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
  return (value: unknown, row: Row = {}) => compiled.run(value, row);
}

/** The problems a step text compiles to, as `code: message`; throws if it compiles. */
export function compileProblems(text: string, context?: Partial<CompileContext>): string[] {
  return problemsOf(text, context).map((i) => `${i.code}: ${i.message}`);
}

/** As compileProblems, each with its hint in brackets when it has one: `code: message [hint]`. */
export function compileProblemsWithHints(text: string, context?: Partial<CompileContext>): string[] {
  return problemsOf(text, context).map((i) => `${i.code}: ${i.message}${i.hint ? ` [${i.hint}]` : ''}`);
}

function problemsOf(text: string, context: Partial<CompileContext> | undefined): readonly Issue[] {
  const compiled = compileStepText(text, 'transform', context);
  if (compiled.ok) throw new Error(`${text} compiled`);
  return compiled.issues;
}

/** The code and message of the Issue a step returned; throws if it returned a value. */
export function problem(result: unknown): Pick<Issue, 'code' | 'message'> {
  const issue = requireIssue(result);
  return { code: issue.code, message: issue.message };
}

/** As problem, with the hint when the Issue has one. */
export function problemWithHint(result: unknown): Pick<Issue, 'code' | 'message' | 'hint'> {
  const issue = requireIssue(result);
  return { code: issue.code, message: issue.message, ...(issue.hint ? { hint: issue.hint } : {}) };
}

function requireIssue(result: unknown): Issue {
  if (!isIssue(result)) throw new Error(`expected an issue, got ${String(result)}`);
  return result;
}

/**
 * A transform compiled from its definition with these arguments (checked by its schema), for a
 * field `in` -> `out` with no lookups unless `context` says otherwise; throws if it refuses them.
 */
export function compiledTransform<A>(
  definition: TransformDefinition<A>,
  args: Record<string, unknown> = {},
  context: Partial<CompileContext> = {},
): TransformFn {
  const run = definition.compile(definition.args.parse(args), {
    lookups: {},
    targets: ['out'],
    sources: ['in'],
    ...context,
  });
  if (isIssue(run)) throw new Error(run.message);
  return run;
}
