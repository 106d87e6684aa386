import type { LookupTable } from '../spec/schema.js';
import { type ExactDecimal, toDecimal } from './exact-decimal.js';

/**
 * Exchange rates read from a lookup table. Each entry is the price of one unit of the table's
 * base currency in another currency (`USD: 1.0823` in a EUR-based table, as the ECB publishes
 * them); an entry keyed `USD@2024-01-05` is the rate of that day. A plain entry holds for every
 * day (a pegged currency, the base itself).
 */
export interface CurrencyRates {
  readonly codes: ReadonlySet<string>;
  readonly isDated: boolean;
  /** The rate of `code` on `day` (yyyy-MM-dd): that day's, or the latest before it, or the plain one. */
  rateOn(code: string, day: string | undefined): ExactDecimal | undefined;
  /** The first day with a rate for `code`, for messages. */
  firstDay(code: string): string | undefined;
}

const datedKey = /^([^@]+)@(\d{4}-\d{2}-\d{2})$/;

export function readCurrencyRates(table: LookupTable, base: string | undefined): CurrencyRates | string[] {
  const problems: string[] = [];
  const plain = new Map<string, ExactDecimal>();
  const dated = new Map<string, [string, ExactDecimal][]>();
  for (const [key, value] of Object.entries(table)) {
    const rate = toDecimal(value);
    if (rate === undefined || !rate.isFinite() || rate.lte(0)) {
      problems.push(`the rate of "${key}" is ${JSON.stringify(value)}, not a positive number`);
      continue;
    }
    const match = datedKey.exec(key);
    if (match === null) {
      if (key.includes('@')) problems.push(`"${key}" is not CODE or CODE@yyyy-MM-dd`);
      else plain.set(key, rate);
      continue;
    }
    const code = match[1] as string;
    const list = dated.get(code) ?? [];
    list.push([match[2] as string, rate]);
    dated.set(code, list);
  }
  if (base !== undefined && !plain.has(base) && !dated.has(base))
    plain.set(base, toDecimal(1) as ExactDecimal);
  if (problems.length > 0) return problems;
  for (const list of dated.values()) list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const days = new Map([...dated].map(([code, list]) => [code, list.map(([day]) => day)]));

  return {
    codes: new Set([...plain.keys(), ...dated.keys()]),
    isDated: dated.size > 0,
    rateOn(code, day) {
      const list = dated.get(code);
      if (list !== undefined && day !== undefined) {
        const index = lastAtOrBefore(days.get(code) as string[], day);
        if (index >= 0) return (list[index] as [string, ExactDecimal])[1];
      }
      return plain.get(code);
    },
    firstDay: (code) => days.get(code)?.[0],
  };
}

/** Index of the last day <= `day` in a sorted list, or -1. */
function lastAtOrBefore(sorted: readonly string[], day: string): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as string) <= day) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
