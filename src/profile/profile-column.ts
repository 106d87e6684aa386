import { casePattern } from './case-pattern.js';
import type { ColumnProfile } from './column-profile.js';
import { dateFormatOf } from './date-format.js';
import { createDistinctCounter } from './distinct-counter.js';
import { createFormatTally } from './format-tally.js';
import { createLengthTally } from './length-tally.js';
import { numberFormatOf } from './number-format.js';
import { isPhoneColumn, phoneFormatOf } from './phone-format.js';
import { type ScriptName, scriptsOf } from './scripts-of.js';
import { valueText } from './value-text.js';

export interface ColumnProfiler {
  add(value: unknown): void;
  result(): ColumnProfile;
}

const keep = 5;

/** Profiles one column, a value at a time, in bounded memory. */
export function createColumnProfiler(name: string): ColumnProfiler {
  let count = 0;
  let nulls = 0;
  let empty = 0;
  let whitespace = 0;
  const numbers: { min?: number; max?: number } = {};
  const texts: { min?: string; max?: string } = {};
  const distinct = createDistinctCounter();
  const lengths = createLengthTally();
  const types: Record<string, number> = {};
  const scripts: Partial<Record<ScriptName, { values: number; example: string }>> = {};
  const formats = { date: createFormatTally(), phone: createFormatTally(), number: createFormatTally() };
  const cases: Record<string, number> = {};
  const padded = { leading: 0, trailing: 0, examples: [] as string[] };
  const controls: string[] = [];
  const examples: string[] = [];
  const phoneColumn = isPhoneColumn(name);

  // Numbers compare as numbers, everything else as text; a column with both shows the numbers.
  const widen = (value: string | number) => {
    if (typeof value === 'number') {
      numbers.min = Math.min(numbers.min ?? value, value);
      numbers.max = Math.max(numbers.max ?? value, value);
    } else {
      if (texts.min === undefined || value < texts.min) texts.min = value;
      if (texts.max === undefined || value > texts.max) texts.max = value;
    }
  };

  const addText = (text: string) => {
    lengths.add([...text].length, text);
    widen(text);
    for (const script of scriptsOf(text)) {
      const entry = scripts[script] ?? { values: 0, example: text };
      entry.values += 1;
      scripts[script] = entry;
      if (script === 'control' && controls.length < keep) controls.push(text);
    }
    const letterCase = casePattern(text);
    if (letterCase) cases[letterCase] = (cases[letterCase] ?? 0) + 1;
    const leading = /^\s/u.test(text);
    const trailing = /\s$/u.test(text);
    if (leading) padded.leading += 1;
    if (trailing) padded.trailing += 1;
    if ((leading || trailing) && padded.examples.length < keep) padded.examples.push(text);
    const date = dateFormatOf(text);
    if (date?.format) return formats.date.add(date.format, text);
    if (date?.ambiguous) return formats.date.addAmbiguous(date.ambiguous, text);
    const phone = phoneFormatOf(text, phoneColumn);
    if (phone) return formats.phone.add(phone, text);
    const number = numberFormatOf(text);
    if (number) formats.number.add(number, text);
  };

  return {
    add(value) {
      count += 1;
      if (value === null || value === undefined) {
        nulls += 1;
        return;
      }
      const { type, text, number } = valueText(value);
      types[type] = (types[type] ?? 0) + 1;
      distinct.add(text);
      if (text === '') empty += 1;
      else if (type === 'text' && text.trim() === '') whitespace += 1;
      if (examples.length < keep && text.trim() !== '' && !examples.includes(text)) examples.push(text);
      if (number !== undefined) widen(number);
      else if (type === 'text') addText(text);
      else if (type === 'date') widen(text);
    },
    result() {
      const length = lengths.result();
      const min = numbers.min ?? texts.min;
      const max = numbers.max ?? texts.max;
      const date = formats.date.report();
      const phone = formats.phone.report();
      const number = formats.number.report();
      const outliers = [
        ...[date, phone, number].flatMap((report) =>
          (report?.formats.slice(1) ?? [])
            .filter((f) => f.share < 0.5)
            .flatMap((f) => f.examples.map((value) => ({ value, reason: `format ${f.format}` }))),
        ),
        ...lengths.outliers().map((value) => ({ value, reason: 'unusual length' })),
        ...controls.map((value) => ({ value, reason: 'control characters' })),
      ].slice(0, 10);
      return {
        name,
        count,
        nulls,
        empty,
        whitespace,
        distinct: distinct.result(),
        types,
        ...(min === undefined ? {} : { min, max }),
        ...(length ? { length } : {}),
        scripts,
        formats: { ...(date && { date }), ...(phone && { phone }), ...(number && { number }) },
        case: cases,
        padded,
        outliers,
        examples,
      };
    },
  };
}
