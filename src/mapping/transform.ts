import type { z } from 'zod';
import type { Issue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { LookupTable } from '../spec/schema.js';

/** What a step may know about the field it is compiled for, and about the mapping around it. */
export interface CompileContext {
  /** Named tables from the spec's `lookups:`, loaded (see spec/load-lookup-tables.ts). */
  readonly lookups: Readonly<Record<string, LookupTable>>;
  /** The field's `to` as a list (one name, or several when the value is split). */
  readonly targets: readonly string[];
  /** The field's `from` as a list; empty for a `value:` constant. */
  readonly sources: readonly string[];
  /**
   * Fields a record of this flow is known to have: the source's columns when the engine knows
   * them, else every `from` of the mapping. `cel(...)` checks its identifiers against them.
   * Undefined when a step is compiled on its own: then nothing is checked against them.
   */
  readonly rowFields?: readonly string[];
  /**
   * Tables named under `lookups:` that come from a file and were not loaded, with that file:
   * using one is reported as such rather than as an unknown table.
   */
  readonly unloadedLookups?: ReadonlyMap<string, string>;
  /**
   * Resolves a secret reference (`${env:SALT}`) to its value, or undefined when it cannot.
   * Absent where secrets are not available (checking a spec on a laptop); steps that need a
   * secret then compile to a function that refuses every value, so nothing weak is written.
   */
  readonly resolveSecret?: (reference: string) => string | undefined;
  /**
   * Registers per-record state that must follow the record's fate (the values `unique` has
   * seen): `commit` runs after a record is written, `discard` after one is not. Absent when a
   * step is compiled on its own; such a step then commits at once.
   */
  readonly onRecordDone?: (hook: RecordHook) => void;
}

export interface RecordHook {
  commit(): void;
  discard(): void;
}

/**
 * A compiled transform: returns the new value, or an Issue made with `recordIssue` when the
 * value cannot be transformed. The path of that Issue is filled in by the mapping.
 */
export type TransformFn = (value: unknown, row: Row) => unknown;

/** A worked example: the docs show it, and a test runs it, so the two cannot disagree. */
export interface TransformExample {
  /** The step as a user writes it: `pad(5, '0')`. */
  readonly step: string;
  readonly input: unknown;
  readonly output: unknown;
  /** The record around the value, for steps that read other fields. */
  readonly row?: Row;
  /** Tables under `lookups:` the step may name. */
  readonly lookups?: Readonly<Record<string, LookupTable>>;
  /** The field's targets, for steps that split (default one target). */
  readonly targets?: readonly string[];
}

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
  readonly examples?: readonly TransformExample[];
  // Method syntax on purpose: it lets a registry array hold definitions of any argument type.
  compile(args: A, context: CompileContext): TransformFn | Issue;
}
