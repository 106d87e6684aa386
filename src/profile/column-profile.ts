import type { FormatReport } from './format-tally.js';
import type { ScriptName } from './scripts-of.js';

/** What a profile found in one column: plain JSON, stored under profiles/ and read by the plan. */
export interface ColumnProfile {
  readonly name: string;
  /** Rows looked at. */
  readonly count: number;
  readonly nulls: number;
  /** Empty texts (''). */
  readonly empty: number;
  /** Texts of spaces, tabs or line breaks only. */
  readonly whitespace: number;
  readonly distinct: { readonly count: number; readonly exact: boolean };
  /** Kinds of value the driver returned: text, integer, decimal, boolean, date, binary, json. */
  readonly types: Readonly<Record<string, number>>;
  readonly min?: string | number | undefined;
  readonly max?: string | number | undefined;
  readonly length?: LengthStats | undefined;
  /** Per script or character class: how many values contain it, and one example. */
  readonly scripts: Readonly<
    Partial<Record<ScriptName, { readonly values: number; readonly example: string }>>
  >;
  readonly formats: {
    readonly date?: FormatReport | undefined;
    readonly phone?: FormatReport | undefined;
    readonly number?: FormatReport | undefined;
  };
  /** Letter case of the texts: lower, UPPER, Title, mixed. */
  readonly case: Readonly<Record<string, number>>;
  readonly padded: {
    readonly leading: number;
    readonly trailing: number;
    readonly examples: readonly string[];
  };
  /** Values that stand out: a minority format, an unusual length, control characters. */
  readonly outliers: readonly { readonly value: string; readonly reason: string }[];
  readonly examples: readonly string[];
}

export interface LengthStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  /** Values per length range: "0", "1-10", "11-20", "21-50", "51-100", "101-255", "256+". */
  readonly buckets: Readonly<Record<string, number>>;
}

export interface TableProfile {
  readonly system: string;
  readonly table: string;
  readonly profiledAt: string;
  readonly rows: number;
  /** Whether reading stopped at the --sample limit before the end of the table. */
  readonly sampled: boolean;
  readonly columns: readonly ColumnProfile[];
}
