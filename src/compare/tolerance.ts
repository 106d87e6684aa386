import type { Decimal } from 'decimal.js';
import { ExactDecimal } from '../mapping/exact-decimal.js';
import type { CompareSpec, FieldTolerance } from '../spec/compare-schema.js';

/** How one field is compared: what differences do not count. */
export interface Tolerance {
  readonly trim: boolean;
  readonly caseInsensitive: boolean;
  readonly emptyAsNull: boolean;
  /** Undefined: numbers must be exactly equal (as decimals). */
  readonly numericEpsilon: Decimal | undefined;
  readonly dates: 'exact' | 'instant' | 'day';
}

/** Flags given on the command line; each replaces the spec's compare-wide value. */
export type ToleranceOverrides = Partial<
  Pick<CompareSpec, 'ignore' | 'trim' | 'caseInsensitive' | 'emptyAsNull' | 'numericEpsilon' | 'dates'>
>;

/** Each field's tolerance, or undefined for a field that is not compared. */
export type ToleranceOf = (field: string) => Tolerance | undefined;

/**
 * Resolves the tolerances once: compare-wide values from the spec, replaced by the command
 * line's, then per-field rules from `fields:` on top (the most specific wins).
 */
export function resolveTolerance(
  spec: CompareSpec | undefined,
  overrides: ToleranceOverrides = {},
): ToleranceOf {
  const wide = { ...spec, ...definedOnly(overrides) };
  const ignored = new Set(wide.ignore ?? []);
  const perField = spec?.fields ?? {};
  const cache = new Map<string, Tolerance | undefined>();
  const resolve = (field: string): Tolerance | undefined => {
    const own: FieldTolerance = perField[field] ?? {};
    if (own.ignore ?? ignored.has(field)) return undefined;
    const epsilon = own.numericEpsilon ?? wide.numericEpsilon;
    return {
      trim: own.trim ?? wide.trim ?? false,
      caseInsensitive:
        own.caseInsensitive ??
        (Array.isArray(wide.caseInsensitive)
          ? wide.caseInsensitive.includes(field)
          : (wide.caseInsensitive ?? false)),
      emptyAsNull: own.emptyAsNull ?? wide.emptyAsNull ?? false,
      numericEpsilon: epsilon === undefined || epsilon === 0 ? undefined : new ExactDecimal(String(epsilon)),
      dates: own.dates ?? wide.dates ?? 'exact',
    };
  };
  return (field) => {
    if (!cache.has(field)) cache.set(field, resolve(field));
    return cache.get(field);
  };
}

/** "trim, case-insensitive, ±0.005, dates: day" — what a report says was tolerated. */
export function describeTolerance(tolerance: Tolerance): string {
  const parts = [
    tolerance.trim && 'trim',
    tolerance.caseInsensitive && 'case-insensitive',
    tolerance.emptyAsNull && "'' = null",
    tolerance.numericEpsilon && `±${tolerance.numericEpsilon.toFixed()}`,
    tolerance.dates !== 'exact' && `dates: same ${tolerance.dates}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 0 ? 'exact' : parts.join(', ');
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
