/**
 * What a system's catalog says about a table (or a file), as far as syncline uses it: which
 * columns exist, which may be empty, how long a text may be and which characters it can hold.
 * `syncline discover` stores these (discovery/SYSTEM.json); a target reports its own when a
 * run opens it, so values are checked against the limits before the database refuses them.
 */
export interface ColumnShape {
  readonly name: string;
  /** The system's own type, as its catalog prints it: `character varying(40)`, `varchar(40)`. */
  readonly type: string;
  readonly nullable: boolean;
  /** The system fills the column when a write leaves it out (a default, an identity, a rowid). */
  readonly hasDefault: boolean;
  /** Longest text the column holds, in characters (code points). */
  readonly maxLength?: number;
  /**
   * The characters the column can store, as an encoding name (`windows-1252`, `latin1`, `ascii`,
   * `utf8mb3` for MySQL's three-byte UTF-8); absent when it takes all of Unicode.
   */
  readonly charset?: string;
  /** The column refuses U+0000 in text (PostgreSQL). */
  readonly rejectsNul?: boolean;
  /** Exact numerics: digits in all and after the point. */
  readonly precision?: number;
  readonly scale?: number;
  /** Inferred from sample values (files): the longest text seen — evidence, not a limit. */
  readonly longest?: number;
  /** Inferred from sample values (files): the date formats seen, most common first. */
  readonly formats?: readonly { readonly format: string; readonly count: number; readonly share: number }[];
  /** Inferred: sampled dates that fit two formats (03/04/2024), counted in the column's majority. */
  readonly ambiguousDates?: number;
  /** Declared (OpenAPI): the value's format (`email`, `date-time`, `uuid`). */
  readonly format?: string;
  /** Declared (OpenAPI): the only values allowed. */
  readonly enum?: readonly (string | number | boolean | null)[];
}

export interface TableShape {
  readonly name: string;
  readonly kind: 'table' | 'view' | 'file';
  readonly columns: readonly ColumnShape[];
  readonly primaryKey: readonly string[];
  /** The characters every text value can use, when the whole table shares one (a file's encoding). */
  readonly charset?: string;
  /** The catalog's estimate (or a file's exact count), when cheap to know. */
  readonly rows?: number;
  /** Rows the column types were inferred from, when they come from sample values (files). */
  readonly sampled?: number;
  /** Declared (OpenAPI): whether flows can read it (a GET collection) and write it (POST, PUT). */
  readonly access?: { readonly read: boolean; readonly write: boolean };
}

/** What a sample of rows says about their columns, for systems without a catalog (files). */
export interface InferredColumns {
  readonly columns: readonly ColumnShape[];
  /** Rows looked at. */
  readonly rows: number;
  /** Every row was read (the sample did not stop early). */
  readonly complete: boolean;
}

/** The file `syncline discover SYSTEM` writes: discovery/SYSTEM.json. */
export interface SystemSnapshot {
  readonly version: 1;
  readonly system: string;
  readonly kind: string;
  readonly discoveredAt: string;
  readonly tables: readonly TableShape[];
}

/** Reads `varchar(40)`, `character varying(40)`, `NVARCHAR(40)`, `CHAR(2)`: the length, if any. */
export function declaredLength(type: string): number | undefined {
  const match = /\b(?:n?var)?char(?:acter)?(?:\s+varying)?\s*\(\s*(\d+)\s*\)/i.exec(type);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Reads `numeric(12,2)`, `DECIMAL(10)`: precision and scale, if any. */
export function declaredPrecision(type: string): { precision: number; scale: number } | undefined {
  const match = /\b(?:numeric|decimal)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/i.exec(type);
  if (match?.[1] === undefined) return undefined;
  return { precision: Number(match[1]), scale: Number(match[2] ?? 0) };
}
