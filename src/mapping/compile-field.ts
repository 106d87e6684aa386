import { type Issue, isIssue, issue, recordIssue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { FieldSpec, OnInvalid } from '../spec/schema.js';
import { type CompiledStep, compileSteps, type StepDefinition } from './compile-steps.js';
import type { RuleFn } from './rule.js';
import { fallbackValues, type Settler, settlerFor } from './settle-failed-field.js';
import { showValue } from './show-value.js';
import { suggestName } from './suggest-name.js';
import type { CompileContext, TransformFn } from './transform.js';

/** One compiled field mapping: reads, transforms, writes and validates, with no spec in sight. */
export interface FieldRunner {
  readonly policy: OnInvalid;
  /**
   * Writes the field's target(s) into `out` and returns its issues, or undefined when all is
   * well. When the field fails, what is written follows its policy (see `Settler`).
   */
  readonly run: (row: Row, out: Record<string, unknown>) => readonly Issue[] | undefined;
}

export interface CompileFieldOptions {
  /** What every step of the mapping may know; targets and sources are added per field. */
  readonly context: Omit<CompileContext, 'targets' | 'sources'>;
  readonly onInvalid: OnInvalid;
  readonly transforms: ReadonlyMap<string, StepDefinition<TransformFn>>;
  readonly rules: ReadonlyMap<string, StepDefinition<RuleFn>>;
}

/**
 * The field as a function of its one source value, for a field that maps one source field to
 * one target with steps that read nothing else (their compiled functions take the value only)
 * and keep no state across records: the mapped value, or the first Issue. What a failing field
 * writes under its policy is not modelled: a caller that gets an Issue maps the whole record.
 */
export type ValueMapper = (value: unknown) => unknown;

export type CompileFieldResult =
  | {
      readonly ok: true;
      readonly runner: FieldRunner;
      readonly targets: readonly string[];
      readonly sources: readonly string[];
      /** The field alone, when it qualifies (see ValueMapper). */
      readonly value: ValueMapper | undefined;
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

export function compileField(
  field: FieldSpec,
  index: number,
  options: CompileFieldOptions,
): CompileFieldResult {
  const at = `fields[${index}]`;
  const issues: Issue[] = [];
  const targets = typeof field.to === 'string' ? [field.to] : [...field.to];
  const sources =
    field.from === undefined ? [] : typeof field.from === 'string' ? [field.from] : [...field.from];
  const hasValue = field.value !== undefined;
  const hasTransform = field.transform !== undefined && field.transform.length > 0;

  if (field.from !== undefined && hasValue) {
    issues.push(
      issue('from-and-value', at, 'has both from: and value:', {
        hint: 'keep from: to read a source field, or value: for a constant',
      }),
    );
  } else if (field.from === undefined && !hasValue) {
    issues.push(
      issue('no-source', at, `has neither from: nor value:, so nothing is written to ${targets.join(', ')}`, {
        hint: 'add from: with the source field, or value: with a constant',
      }),
    );
  }
  const repeated = targets.find((name, i) => targets.indexOf(name) !== i);
  if (repeated !== undefined) issues.push(issue('duplicate-target', `${at}.to`, `lists "${repeated}" twice`));
  if (!hasTransform) issues.push(...shapeIssues(field, at, targets, sources));
  const policy = field.onInvalid ?? options.onInvalid;
  const fallback = fallbackValues(field, at, targets, policy, issues);

  let keepsState = false;
  const onRecordDone = options.context.onRecordDone;
  const context: CompileContext = {
    ...options.context,
    targets,
    sources,
    ...(onRecordDone === undefined
      ? {}
      : {
          onRecordDone: (hook) => {
            keepsState = true;
            onRecordDone(hook);
          },
        }),
  };
  const transformNames = new Set(options.transforms.keys());
  const ruleNames = new Set(options.rules.keys());
  let steps: readonly CompiledStep<TransformFn>[] = [];
  if (field.transform !== undefined) {
    const compiled = compileSteps(field.transform, `${at}.transform`, {
      kind: 'transform',
      definitions: options.transforms,
      otherKindNames: ruleNames,
      context,
    });
    if (compiled.ok) steps = compiled.steps;
    else issues.push(...compiled.issues);
  }
  let rules: readonly CompiledStep<RuleFn>[] = [];
  if (field.validate !== undefined) {
    const compiled = compileSteps(field.validate, `${at}.validate`, {
      kind: 'rule',
      definitions: options.rules,
      otherKindNames: transformNames,
      context,
    });
    if (compiled.ok) rules = compiled.steps;
    else issues.push(...compiled.issues);
  }
  if (issues.length > 0) return { ok: false, issues };

  const runner: FieldRunner = {
    policy,
    run: fieldRun(field, targets, sources, steps, rules, settlerFor(policy, targets, fallback)),
  };
  const isAlone =
    typeof field.from === 'string' &&
    typeof field.to === 'string' &&
    !keepsState &&
    steps.every((step) => readsValueOnly(step.run)) &&
    rules.every((rule) => readsValueOnly(rule.run));
  return { ok: true, runner, targets, sources, value: isAlone ? valueMapper(steps, rules) : undefined };
}

/**
 * A compiled step that declares one parameter cannot read the record (the second one): the
 * arity says so without a flag on every definition that a new step could forget to set.
 */
function readsValueOnly(run: (value: unknown, row: Row) => unknown): boolean {
  return run.length < 2;
}

const noRecord: Row = Object.freeze({});

function valueMapper(
  steps: readonly CompiledStep<TransformFn>[],
  rules: readonly CompiledStep<RuleFn>[],
): ValueMapper {
  const transforms = steps.map((step) => step.run);
  const checks = rules.map((rule) => rule.run);
  return function mapValue(input) {
    let value = input;
    for (let s = 0; s < transforms.length; s++) {
      value = (transforms[s] as TransformFn)(value, noRecord);
      if (isIssue(value)) return value;
    }
    for (let r = 0; r < checks.length; r++) {
      const problem = (checks[r] as RuleFn)(value, noRecord);
      if (problem !== undefined) return problem;
    }
    return value;
  };
}

/** Without a transform, the value read must already have the shape `to` asks for. */
function shapeIssues(field: FieldSpec, at: string, targets: string[], sources: string[]): Issue[] {
  const fromIsList = Array.isArray(field.from);
  const toIsList = Array.isArray(field.to);
  if (fromIsList && !toIsList) {
    return [
      issue(
        'shape-mismatch',
        `${at}.from`,
        `from: lists ${sources.length} field(s), so the value is a list, but to: is one field`,
        {
          hint: `add a transform that combines them, e.g. transform: "join(' ')"`,
        },
      ),
    ];
  }
  if (toIsList && !(fromIsList && sources.length === targets.length)) {
    return [
      issue(
        'shape-mismatch',
        `${at}.to`,
        `to: lists ${targets.length} fields but the value read is ${fromIsList ? `a list of ${sources.length}` : 'one value'}`,
        {
          hint: 'add a transform that splits the value (e.g. transform: split-name), or list as many fields in from:',
        },
      ),
    ];
  }
  return [];
}

function fieldRun(
  field: FieldSpec,
  targets: readonly string[],
  sources: readonly string[],
  steps: readonly CompiledStep<TransformFn>[],
  rules: readonly CompiledStep<RuleFn>[],
  settle: Settler,
): FieldRunner['run'] {
  const read = reader(field, sources, targets[0] as string);
  const issuePath = targets[0] as string;
  const single = targets.length === 1 && !Array.isArray(field.to);
  const target = targets[0] as string;
  const count = targets.length;
  const stepCount = steps.length;
  const hasRules = rules.length > 0;
  const failedStep = (
    step: CompiledStep<TransformFn>,
    problem: Issue,
    original: unknown,
    out: Record<string, unknown>,
  ) =>
    settle.failedField(out, original, [
      recordIssue(problem.code, issuePath, `${step.name}: ${problem.message}`, withHint(problem, 'map')),
    ]);

  // Most fields are one value, one or two transforms and no rules: that case runs without loops.
  if (single && !hasRules && stepCount <= 2) {
    const first = steps[0];
    const second = steps[1];
    const runFirst = first?.run;
    const runSecond = second?.run;
    return function runSimpleField(row, out) {
      const original = read(row);
      if (isIssue(original)) return settle.failedField(out, original, [original]);
      let value = original;
      if (runFirst !== undefined) {
        value = runFirst(value, row);
        if (isIssue(value)) return failedStep(first as CompiledStep<TransformFn>, value, original, out);
        if (runSecond !== undefined) {
          value = runSecond(value, row);
          if (isIssue(value)) return failedStep(second as CompiledStep<TransformFn>, value, original, out);
        }
      }
      out[target] = value;
      return undefined;
    };
  }

  return function runField(row, out) {
    const original = read(row);
    if (isIssue(original)) return settle.failedField(out, original, [original]);
    let value = original;
    for (let s = 0; s < stepCount; s++) {
      const step = steps[s] as CompiledStep<TransformFn>;
      const next = step.run(value, row);
      if (isIssue(next)) return failedStep(step, next, original, out);
      value = next;
    }
    if (single) {
      if (hasRules) {
        const found = validate(value, target, row, rules, undefined);
        if (found !== undefined) return settle.badValue(out, 0, value, found);
      }
      out[target] = value;
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== count) {
      const problem = recordIssue(
        'shape-mismatch',
        issuePath,
        `the transforms produced ${showValue(value)}, but to: lists ${count} fields (${targets.join(', ')})`,
        { stage: 'map', hint: `the last transform must give a list of ${count} values` },
      );
      return settle.failedField(out, original, [problem]);
    }
    let issues: Issue[] | undefined;
    for (let i = 0; i < count; i++) {
      const item: unknown = value[i];
      const found = hasRules ? validate(item, targets[i] as string, row, rules, undefined) : undefined;
      if (found === undefined) out[targets[i] as string] = item;
      else {
        issues = issues ?? [];
        issues.push(...settle.badValue(out, i, item, found));
      }
    }
    return issues;
  };
}

function validate(
  value: unknown,
  target: string,
  row: Row,
  rules: readonly CompiledStep<RuleFn>[],
  issues: Issue[] | undefined,
): Issue[] | undefined {
  let found = issues;
  for (const rule of rules) {
    const problem = rule.run(value, row);
    if (problem !== undefined) {
      found = found ?? [];
      found.push(recordIssue(problem.code, target, problem.message, withHint(problem, 'validate')));
    }
  }
  return found;
}

function withHint(problem: Issue, stage: 'map' | 'validate'): Partial<Issue> {
  return problem.hint === undefined ? { stage } : { stage, hint: problem.hint };
}

/** Reads the field's value; a branded Issue when a source field is absent from the record. */
function reader(field: FieldSpec, sources: readonly string[], path: string): (row: Row) => unknown {
  if (field.from === undefined) {
    const constant = field.value;
    return () => constant;
  }
  if (typeof field.from === 'string') {
    const name = field.from;
    return (row) => {
      const value = row[name];
      // One read in the usual case; the own-property check only for undefined (or a function,
      // which a record never holds: it came from Object.prototype, as row.constructor does).
      return (value !== undefined && typeof value !== 'function') || Object.hasOwn(row, name)
        ? value
        : missingField([name], row, path);
    };
  }
  return (row) => {
    const values: unknown[] = new Array(sources.length);
    let missing: string[] | undefined;
    for (let i = 0; i < sources.length; i++) {
      const name = sources[i] as string;
      const value = row[name];
      if ((value !== undefined && typeof value !== 'function') || Object.hasOwn(row, name)) values[i] = value;
      else {
        missing = missing ?? [];
        missing.push(name);
      }
    }
    return missing === undefined ? values : missingField(missing, row, path);
  };
}

function missingField(names: readonly string[], row: Row, path: string): Issue {
  const present = Object.keys(row);
  const near = names.map((name) => suggestName(name, present)).filter((name) => name !== undefined);
  const listed = names.map((name) => `"${name}"`).join(', ');
  return recordIssue(
    'missing-field',
    path,
    names.length === 1
      ? `source field ${listed} is not in the record`
      : `source fields ${listed} are not in the record`,
    {
      stage: 'map',
      hint:
        near.length > 0
          ? `the record has ${near.map((name) => `"${name}"`).join(', ')}; field names are case-sensitive`
          : 'check from: against the source columns; a renamed or dropped column upstream is the usual cause',
    },
  );
}
