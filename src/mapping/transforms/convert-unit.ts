import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { decimalString, ExactDecimal, toDecimal } from '../exact-decimal.js';
import { showValue } from '../show-value.js';
import { suggestName } from '../suggest-name.js';
import type { TransformDefinition } from '../transform.js';
import { units } from '../units.js';

const unitName = z.string().min(1);

const args = z.strictObject({
  from: unitName.describe(
    'Unit of the values: mm cm m km in ft yd mi nmi · mg g kg t oz lb st · ml cl dl l m3 fl-oz pt qt gal fl-oz-imp pt-imp gal-imp · C F K.',
  ),
  to: unitName.describe('Unit written, of the same kind.'),
  places: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .describe('Round to this many decimals (half-up); default: no rounding.'),
  as: z
    .enum(['number', 'decimal'])
    .default('number')
    .describe('number (default), or decimal: exact decimal text.'),
});

const toKelvin: Readonly<Record<string, (value: ExactDecimal) => ExactDecimal>> = {
  C: (c) => c.plus('273.15'),
  F: (f) => f.plus('459.67').times(5).dividedBy(9),
  K: (k) => k,
};
const fromKelvin: Readonly<Record<string, (value: ExactDecimal) => ExactDecimal>> = {
  C: (k) => k.minus('273.15'),
  F: (k) => k.times(9).dividedBy(5).minus('459.67'),
  K: (k) => k,
};

/**
 * Converts a measurement between units of one kind, in exact decimals: inches to centimetres
 * is exact, and only conversions with no finite decimal (metres to feet, °F to °C) are rounded,
 * at 34 significant digits, before becoming a number.
 */
export const convertUnitTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'convert-unit',
  summary: 'Converts a length, mass, volume or temperature between units, exactly where the units allow.',
  args,
  positional: ['from', 'to'],
  examples: [
    { step: 'convert-unit(in, cm)', input: 12, output: 30.48 },
    { step: 'convert-unit(lb, kg, places: 3)', input: '2.5', output: 1.134 },
    { step: 'convert-unit(F, C, places: 1)', input: 98.6, output: 37 },
    { step: 'convert-unit(gal, l, as: decimal)', input: 2, output: '7.570823568' },
  ],
  compile: ({ from, to, places, as }) => {
    const source = units[from];
    const target = units[to];
    const problems: string[] = [];
    for (const [role, name, found] of [
      ['from', from, source],
      ['to', to, target],
    ] as const) {
      if (found !== undefined) continue;
      const near = nearestUnit(name);
      problems.push(`${role} unit "${name}" is not known${near ? ` (did you mean "${near}"?)` : ''}`);
    }
    if (source !== undefined && target !== undefined && source.kind !== target.kind)
      problems.push(`cannot convert ${source.title} (${source.kind}) to ${target.title} (${target.kind})`);
    if (problems.length > 0 || source === undefined || target === undefined) {
      return issue('bad-unit', '', problems.join('; '), {
        hint: `known units: ${Object.keys(units).join(', ')}`,
      });
    }
    const up = toKelvin[from];
    const down = fromKelvin[to];
    const convert =
      up !== undefined && down !== undefined
        ? (value: ExactDecimal) => down(up(value))
        : factorConversion(source.factor, target.factor);
    const finish = (value: ExactDecimal) => {
      const rounded = places === undefined ? value : value.toDecimalPlaces(places);
      const text = decimalString(rounded, places);
      return as === 'number' ? Number(text) : text;
    };

    return function convertUnit(value: unknown): unknown {
      if (value === null || value === undefined) return value;
      if (typeof value === 'string' && value.trim() === '') return null;
      const amount = toDecimal(value);
      if (amount === undefined) {
        return recordIssue('not-a-number', '', `cannot convert ${showValue(value)}: not a number`, {
          hint: "read formatted numbers with parse-number first (parse-number(decimal: ','))",
        });
      }
      return finish(convert(amount));
    };
  },
};

function factorConversion(from: string, to: string): (value: ExactDecimal) => ExactDecimal {
  const ratio = new ExactDecimal(from).dividedBy(to);
  // An exact ratio (in -> cm is 2.54) multiplies; one without a finite decimal (m -> ft) divides,
  // so 1 ft -> m -> ft comes back as 1 rather than 0.99999...
  if (ratio.times(to).equals(from)) return (value) => value.times(ratio);
  return (value) => value.times(from).dividedBy(to);
}

/** The symbol of the unit a misspelt or spelt-out name ("inch", "kilogramm") most likely means. */
function nearestUnit(name: string): string | undefined {
  const byTitle = new Map(Object.entries(units).map(([symbol, unit]) => [unit.title, symbol]));
  const near = suggestName(name, [...Object.keys(units), ...byTitle.keys()]);
  return near === undefined ? undefined : (byTitle.get(near) ?? near);
}
