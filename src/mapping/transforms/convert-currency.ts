import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { isDeferredTable } from '../../spec/lookup-kind.js';
import { lookupTableSchema } from '../../spec/schema.js';
import { readCurrencyRates } from '../currency-rates.js';
import { decimalString, ExactDecimal, roundingModes, toDecimal } from '../exact-decimal.js';
import { findTable } from '../find-table.js';
import { showValue } from '../show-value.js';
import { suggestName } from '../suggest-name.js';
import type { TransformDefinition } from '../transform.js';

const code = z.string().regex(/^[A-Za-z]{3}$/, 'write a three-letter currency code such as EUR');
const fieldName = z.string().min(1);

const args = z.strictObject({
  from: code.optional().describe('Currency of the amounts (USD); or give fromField.'),
  fromField: fieldName.optional().describe("Source field holding each amount's currency code."),
  to: code.describe('Currency written (EUR).'),
  rates: z
    .union([z.string().min(1), lookupTableSchema])
    .describe('Rates: a table under lookups: (inline or CSV) or inline {USD: 1.0823, EUR: 1}. See "Rates".'),
  base: code
    .optional()
    .describe('Currency the rates are quoted against, when the table has no entry of 1 for it.'),
  asOf: fieldName
    .optional()
    .describe('Source field with the date whose rates apply; needed, and only allowed, with dated rates.'),
  places: z.number().int().min(0).max(10).default(2).describe('Decimals written (default 2).'),
  rounding: z
    .enum(['half-up', 'half-even'])
    .default('half-up')
    .describe('How the last decimal is rounded (default half-up).'),
});

/**
 * Converts an amount between currencies in exact decimal arithmetic (decimal.js, 34 significant digits),
 * and writes it as text with `places` decimals ("92.41"): never through a binary float, so
 * cents are never lost. amount × rate(to) / rate(from), both rates against the table's base.
 */
export const convertCurrencyTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'convert-currency',
  summary:
    'Converts an amount from one currency to another with exact decimals and rates from a table (optionally dated); writes text with fixed decimals.',
  args,
  examples: [
    {
      step: 'convert-currency(from: USD, to: EUR, rates: {EUR: 1, USD: 1.0823})',
      input: 100,
      output: '92.40',
    },
    {
      step: "convert-currency(from: EUR, to: NOK, rates: {EUR: 1, NOK: '11.4825'}, places: 2)",
      input: '1.98',
      output: '22.74',
    },
    {
      step: "convert-currency(fromField: currency, to: EUR, rates: {'USD@2024-01-02': 1.0956, 'USD@2024-01-05': 1.0921}, base: EUR, asOf: day)",
      input: '10.00',
      row: { currency: 'USD', day: '2024-01-04' },
      output: '9.13',
    },
  ],
  compile: (options, context) => {
    const { from, fromField, to, base, asOf, places } = options;
    const problems: string[] = [];
    if ((from === undefined) === (fromField === undefined))
      problems.push('give exactly one of from: and fromField:');
    const tableName = typeof options.rates === 'string' ? options.rates : undefined;
    const found =
      typeof options.rates === 'string'
        ? findTable(options.rates, context)
        : { ok: true as const, table: options.rates };
    if (!found.ok) return found.issue;
    // Rates read from another system when a run starts: their currencies are checked then.
    const deferred = isDeferredTable(found.table);
    const rates = readCurrencyRates(found.table, base?.toUpperCase());
    const label = tableName === undefined ? 'the rates table' : `rates table "${tableName}"`;
    if (Array.isArray(rates)) return issue('bad-rates', '', `${label}: ${rates.join('; ')}`);
    const known = [...rates.codes];
    for (const [role, currency] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (deferred || currency === undefined || rates.codes.has(currency.toUpperCase())) continue;
      const near = suggestName(currency, known);
      problems.push(
        `${label} has no rate for ${role} currency ${currency.toUpperCase()}${near ? ` (did you mean ${near}?)` : ''}`,
      );
    }
    if (!deferred && rates.isDated && asOf === undefined)
      problems.push(
        `${label} has dated rates (CODE@yyyy-MM-dd): add asOf: with the field holding each record's date`,
      );
    if (!deferred && !rates.isDated && asOf !== undefined)
      problems.push(
        `asOf: ${asOf} is given but ${label} has no dated rates (CODE@yyyy-MM-dd), so every record would get the same rate`,
      );
    if (problems.length > 0) {
      return issue('bad-step-args', '', problems.join('; '), {
        hint: 'rates are units of each currency per one unit of the base currency; see docs/mapping.md',
      });
    }

    const target = to.toUpperCase();
    const fixedSource = from?.toUpperCase();
    const rounding = roundingModes[options.rounding];
    const sourceOf = (row: Row): string | { problem: string } => {
      if (fixedSource !== undefined) return fixedSource;
      const field = fromField as string;
      if (!Object.hasOwn(row, field))
        return { problem: `the currency field "${field}" is not in the record` };
      const value = row[field];
      if (typeof value !== 'string' || value.trim() === '')
        return { problem: `the currency field "${field}" holds ${showValue(value)}, not a currency code` };
      return value.trim().toUpperCase();
    };
    const dayOf = (row: Row): string | undefined | { problem: string } => {
      if (asOf === undefined) return undefined;
      const value = Object.hasOwn(row, asOf) ? row[asOf] : undefined;
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim()))
        return value.trim().slice(0, 10);
      return {
        problem: `the asOf field "${asOf}" holds ${showValue(value)}, not a date (a date value or yyyy-MM-dd text)`,
      };
    };

    const one = new ExactDecimal(1);
    // amount × to ÷ from, skipping the steps that multiply or divide by one (the base).
    const convert = (amount: ExactDecimal, fromRate: ExactDecimal, toRate: ExactDecimal) => {
      const times = toRate.equals(one) ? amount : amount.times(toRate);
      return fromRate.equals(one) ? times : times.dividedBy(fromRate);
    };
    const finish = (converted: ExactDecimal) =>
      decimalString(converted.toDecimalPlaces(places, rounding), places);
    // A fixed pair of currencies without dated rates has the same two rates for every record.
    const fixedRates =
      fixedSource !== undefined && !rates.isDated
        ? fixedSource === target
          ? ([one, one] as const)
          : ([
              rates.rateOn(fixedSource, undefined) as ExactDecimal,
              rates.rateOn(target, undefined) as ExactDecimal,
            ] as const)
        : undefined;

    return function convertCurrency(value: unknown, row: Row): unknown {
      if (value === null || value === undefined) return value;
      if (typeof value === 'string' && value.trim() === '') return null;
      const amount = toDecimal(value);
      if (amount === undefined) {
        return recordIssue('not-a-number', '', `cannot convert ${showValue(value)}: not an amount`, {
          hint: "read formatted amounts with parse-number first (parse-number(decimal: ','))",
        });
      }
      if (fixedRates !== undefined) return finish(convert(amount, fixedRates[0], fixedRates[1]));
      const source = sourceOf(row);
      if (typeof source !== 'string') return recordIssue('bad-currency', '', source.problem);
      const day = dayOf(row);
      if (typeof day === 'object') return recordIssue('bad-currency', '', day.problem);
      const fromRate = source === target ? one : rates.rateOn(source, day);
      const toRate = source === target ? one : rates.rateOn(target, day);
      if (fromRate === undefined || toRate === undefined) {
        const missing = fromRate === undefined ? source : target;
        const first = rates.firstDay(missing);
        return recordIssue(
          'no-rate',
          '',
          day !== undefined && first !== undefined
            ? `${label} has no ${missing} rate on or before ${day} (the first is of ${first})`
            : `${label} has no rate for ${missing}`,
          { hint: 'add the rate to the table' },
        );
      }
      return finish(convert(amount, fromRate, toRate));
    };
  },
};
