import type { z } from 'zod';
import type { Issue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { LookupTable } from '../spec/schema.js';
import type { CompileContext } from './transform.js';

/**
 * A compiled validation rule: undefined when the value passes, else an Issue made with
 * `recordIssue` (the mapping fills in the path). Rules other than `required` let a missing
 * value pass, so `validate: [email]` accepts an empty email and `[required, email]` does not.
 */
export type RuleFn = (value: unknown, row: Row) => Issue | undefined;

/** A worked example: the docs show it, and a test runs it. */
export interface RuleExample {
  readonly step: string;
  readonly input: unknown;
  readonly passes: boolean;
  readonly row?: Row;
  /** Tables under `lookups:` the step may name. */
  readonly lookups?: Readonly<Record<string, LookupTable>>;
}

/** A validation rule: same shape as a transform, checked once, compiled to a plain function. */
export interface RuleDefinition<A = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly args: z.ZodType<A>;
  /** Names that positional arguments take, in order. */
  readonly positional?: readonly string[];
  readonly examples?: readonly RuleExample[];
  // Method syntax on purpose: it lets a registry array hold definitions of any argument type.
  compile(args: A, context: CompileContext): RuleFn | Issue;
}
