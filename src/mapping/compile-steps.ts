import { z } from 'zod';
import { type Issue, issue } from '../core/issue.js';
import { parseSteps, type Step } from './parse-steps.js';
import { showValue } from './show-value.js';
import { suggestName } from './suggest-name.js';
import type { CompileContext } from './transform.js';

/** What transforms and rules have in common; compileSteps handles both. */
export interface StepDefinition<F> {
  readonly name: string;
  readonly summary: string;
  readonly args: z.ZodType<unknown>;
  readonly positional?: readonly string[];
  compile(args: unknown, context: CompileContext): F | Issue;
}

export interface CompiledStep<F> {
  readonly name: string;
  readonly run: F;
}

export interface CompileStepsOptions<F> {
  readonly kind: 'transform' | 'rule';
  readonly definitions: ReadonlyMap<string, StepDefinition<F>>;
  /** Names of the other kind, so a rule under transform: gets "move it to validate:". */
  readonly otherKindNames: ReadonlySet<string>;
  readonly context: CompileContext;
}

export type CompileStepsResult<F> =
  | { readonly ok: true; readonly steps: readonly CompiledStep<F>[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Parses a `transform:` or `validate:` value and compiles every step: known name, arguments
 * valid for the definition's schema, and the definition's own compile checks. Collects every
 * problem, each with `path` (or `path[i]` for the i-th item of a list).
 */
export function compileSteps<F>(
  source: string | readonly string[],
  path: string,
  options: CompileStepsOptions<F>,
): CompileStepsResult<F> {
  const parsed = parseSteps(source, path);
  if (!parsed.ok) return parsed;
  const steps: CompiledStep<F>[] = [];
  const issues: Issue[] = [];
  for (const step of parsed.steps) {
    const stepPath = step.item === undefined ? path : `${path}[${step.item}]`;
    const compiled = compileStep(step, stepPath, options);
    if (Array.isArray(compiled)) issues.push(...compiled);
    else steps.push(compiled as CompiledStep<F>);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, steps };
}

function compileStep<F>(
  step: Step,
  path: string,
  options: CompileStepsOptions<F>,
): CompiledStep<F> | Issue[] {
  const { kind } = options;
  const label = kind === 'rule' ? 'validation rule' : 'transform';
  const definition = options.definitions.get(step.name);
  if (!definition) return [unknownStep(step.name, path, options)];

  const issues: Issue[] = [];
  const fail = (message: string) =>
    issues.push(
      issue('bad-step-args', path, `${label} "${step.name}": ${message}`, { hint: usage(definition) }),
    );

  const names = definition.positional ?? [];
  const merged: Record<string, unknown> = { ...step.named };
  if (step.positional.length > names.length) {
    fail(
      names.length === 0
        ? 'takes no positional arguments'
        : `takes at most ${plural(names.length, 'positional argument')} (${names.join(', ')}), got ${step.positional.length}`,
    );
  }
  step.positional.forEach((value, index) => {
    const name = names[index];
    if (name === undefined) return;
    if (Object.hasOwn(step.named, name)) fail(`argument "${name}" is given twice, by position and by name`);
    else merged[name] = value;
  });
  if (issues.length > 0) return issues;

  const checked = definition.args.safeParse(merged);
  if (!checked.success) {
    for (const problem of checked.error.issues) fail(describeArgProblem(problem, merged, definition));
    return issues;
  }

  const run = definition.compile(checked.data, options.context);
  if (typeof run !== 'function') {
    const problem = run as Issue;
    return [
      issue(problem.code, path, `${label} "${step.name}": ${problem.message}`, {
        hint: problem.hint ?? usage(definition),
      }),
    ];
  }
  return { name: step.name, run };
}

function unknownStep<F>(name: string, path: string, options: CompileStepsOptions<F>): Issue {
  const { kind } = options;
  if (options.otherKindNames.has(name)) {
    return kind === 'rule'
      ? issue('misplaced-step', path, `"${name}" is a transform, not a validation rule`, {
          hint: 'move it to transform:',
        })
      : issue('misplaced-step', path, `"${name}" is a validation rule, not a transform`, {
          hint: 'move it to validate:',
        });
  }
  const known = [...options.definitions.keys()];
  const suggestion = suggestName(name, known);
  const label = kind === 'rule' ? 'validation rule' : 'transform';
  return issue(
    kind === 'rule' ? 'unknown-rule' : 'unknown-transform',
    path,
    `unknown ${label} "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    { hint: `known ${label}s: ${known.join(', ')}` },
  );
}

function describeArgProblem(
  problem: z.core.$ZodIssue,
  args: Record<string, unknown>,
  definition: StepDefinition<unknown>,
): string {
  if (problem.code === 'unrecognized_keys') {
    return problem.keys
      .map((key) => {
        const suggestion = suggestName(key, argNames(definition));
        return `unknown argument "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
      })
      .join('; ');
  }
  const [first, ...rest] = problem.path;
  if (first === undefined) return problem.message;
  const name = String(first);
  if (!Object.hasOwn(args, name)) return `argument "${name}" is missing`;
  const where =
    name + rest.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  const value = rest.reduce<unknown>(
    (inner, part) =>
      inner !== null && typeof inner === 'object' ? (inner as Record<PropertyKey, unknown>)[part] : undefined,
    args[name],
  );
  const reason =
    problem.message === 'Invalid input'
      ? 'has the wrong type'
      : problem.message.replace(/^Invalid (input|option): /, '');
  return `argument "${where}" ${reason.startsWith('has ') ? reason : `is invalid: ${reason}`} (got ${showValue(value)})`;
}

function argNames(definition: StepDefinition<unknown>): string[] {
  return definition.args instanceof z.ZodObject
    ? Object.keys(definition.args.shape)
    : [...(definition.positional ?? [])];
}

/** `lookup(table, default: …, unmatched: …, ignoreCase: …)`, from the definition itself. */
export function usage(definition: StepDefinition<unknown>): string {
  const positional = definition.positional ?? [];
  const named = argNames(definition).filter((name) => !positional.includes(name));
  const parts = [...positional, ...named.map((name) => `${name}: …`)];
  return parts.length === 0
    ? `${definition.name} takes no arguments`
    : `usage: ${definition.name}(${parts.join(', ')}) — ${definition.summary}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
