import type { Row } from '../core/row.js';

/**
 * What a parallel-run compare found. "fresh" is the new flow's output, "baseline" the old
 * process's. missing: a record the new flow produces that the baseline lacks; extra: a
 * baseline record the new flow does not produce.
 */
export type DifferenceKind = 'differs' | 'missing' | 'extra';

export interface FieldDifference {
  readonly field: string;
  readonly fresh: unknown;
  readonly baseline: unknown;
}

export interface CompareDifference {
  readonly kind: DifferenceKind;
  /** The record's key values, in key column order. */
  readonly key: readonly unknown[];
  /** differs: the fields that differ beyond tolerance. */
  readonly fields: readonly FieldDifference[];
  /** missing / extra: the one side's whole row. */
  readonly row?: Row | undefined;
}

/** A source record the new flow would dead-letter instead of writing. */
export interface CompareReject {
  /** Its source key values. */
  readonly key: readonly unknown[];
  readonly stage: string;
  readonly code: string;
  readonly message: string;
  readonly field?: string | undefined;
}

export interface CompareSummary {
  readonly flow: string;
  readonly baseline: string;
  readonly key: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Source records read. */
  readonly read: number;
  /** Records the new flow would write (its output). */
  readonly output: number;
  readonly rejected: number;
  readonly baselineRows: number;
  /** Baseline rows with an empty key: they cannot be matched and are not compared. */
  readonly baselineWithoutKey: number;
  /** Rows whose key was already seen on the same side (the first is compared). */
  readonly duplicates: { readonly output: number; readonly baseline: number };
  readonly matched: number;
  readonly differing: number;
  readonly missing: number;
  readonly extra: number;
  /** How many records differ in each field. */
  readonly fieldDifferences: Readonly<Record<string, number>>;
  /** Fields only one side has: not compared. */
  readonly onlyInOutput: readonly string[];
  readonly onlyInBaseline: readonly string[];
  /** Compared fields with a tolerance, and what it tolerates; ignored fields are "ignored". */
  readonly tolerances: Readonly<Record<string, string>>;
  /** No differing, missing or extra records. Rejected records alone do not make a compare unclean. */
  readonly clean: boolean;
}

export interface CompareOutcome {
  readonly summary: CompareSummary;
  /** The first differences, in key order (all of them are passed to onDifference). */
  readonly differences: readonly CompareDifference[];
  readonly rejects: readonly CompareReject[];
}
