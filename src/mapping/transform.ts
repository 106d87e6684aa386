import type { z } from 'zod';
import type { Issue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { LookupTable } from '../spec/schema.js';

/** What a step may know about the field it is compiled for. */
export interface CompileContext {
  /** Named tables from the spec's `lookups:`. */
  readonly lookups: Readonly<Record<string, LookupTable>>;
  /** The field's `to` as a list (one name, or several when the value is split). */
  readonly targets: readonly string[];
  /** The field's `from` as a list; empty for a `value:` constant. */
  readonly sources: readonly string[];
}

/**
 * A compiled transform: returns the new value, or an Issue made with `recordIssue` when the
 * value cannot be transformed. The path of that Issue is filled in by the mapping.
 */
export type TransformFn = (value: unknown, row: Row) => unknown;

/**
 * A transform is data plus one factory: its arguments are checked once by `args` (positional
 * arguments are first named after `positional`), then `compile` builds the per-value function,
 * or returns an Issue (made with `issue`) when the arguments make no sense for this field.
 */
export interface TransformDefinition<A = unknown> {
  /** A verb, kebab-case: the name used in a spec's transform pipe. */
  readonly name: string;
  readonly summary: string;
  readonly args: z.ZodType<A>;
  /** Names that positional arguments take, in order. */
  readonly positional?: readonly string[];
  // Method syntax on purpose: it lets a registry array hold definitions of any argument type.
  compile(args: A, context: CompileContext): TransformFn | Issue;
}
