import type { Batch, Row } from '../core/row.js';
import type { ColumnShape, InferredColumns } from '../core/table-shape.js';
import { dateFormatOf } from '../profile/date-format.js';
import { createFormatTally, type FormatTally } from '../profile/format-tally.js';
import { numberFormatOf } from '../profile/number-format.js';

type Kind = 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'text';

interface Tally {
  readonly name: string;
  empty: number;
  /** Kinds that every non-empty value so far fits; narrowed value by value. */
  kinds: Set<Kind>;
  maxLength: number;
  /** Digits before and after the point of the widest decimal. */
  whole: number;
  scale: number;
  readonly dates: FormatTally;
}

const everyKind = (): Set<Kind> => new Set(['integer', 'decimal', 'boolean', 'date', 'datetime', 'text']);
const booleanTexts = new Set(['true', 'false', 'yes', 'no']);
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Infers each column's type from sample values: the narrowest kind every non-empty value fits
 * (integer, decimal with precision and scale, boolean, date, datetime, else text), the longest
 * text (`longest`: what was seen, not a limit), whether empties occur, and — through the profile's format detection — the date formats
 * seen with their shares (`dd/MM/yyyy 71%, ISO 9%`). Values are text (CSV) or typed (JSON
 * Lines, XLSX booleans); numbers count as their decimal text.
 */
export async function inferColumns(batches: AsyncIterable<Batch>, sample: number): Promise<InferredColumns> {
  const tallies = new Map<string, Tally>();
  let rows = 0;
  let complete = true;
  outer: for await (const batch of batches) {
    for (const row of batch.rows) {
      if (rows >= sample) {
        complete = false;
        break outer;
      }
      rows += 1;
      addRow(tallies, row, rows);
    }
  }
  return { columns: [...tallies.values()].map(toShape), rows, complete };
}

function addRow(tallies: Map<string, Tally>, row: Row, rowNumber: number): void {
  for (const name of Object.keys(row)) {
    if (tallies.has(name)) continue;
    // A column first seen late was missing in the rows before it.
    tallies.set(name, {
      name,
      empty: rowNumber - 1,
      kinds: everyKind(),
      maxLength: 0,
      whole: 0,
      scale: 0,
      dates: createFormatTally(),
    });
  }
  for (const tally of tallies.values()) addValue(tally, row[tally.name]);
}

function addValue(tally: Tally, value: unknown): void {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    tally.empty += 1;
    return;
  }
  if (typeof value === 'boolean') {
    tally.kinds = intersect(tally.kinds, ['boolean']);
    return;
  }
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  tally.maxLength = Math.max(tally.maxLength, [...text].length);
  const fits: Kind[] = ['text'];
  const trimmed = text.trim();
  if (booleanTexts.has(trimmed.toLowerCase())) fits.push('boolean');
  const number = typeof value === 'object' ? undefined : numberFormatOf(trimmed);
  if (number === '1234') fits.push('integer', 'decimal');
  if (number === '1234' || number === '1234.56') {
    const [whole = '', fraction = ''] = trimmed.replace(/^[-+]/, '').split('.');
    tally.whole = Math.max(tally.whole, whole.replace(/^0+(?=\d)/, '').length);
    tally.scale = Math.max(tally.scale, fraction.length);
    fits.push('decimal');
  }
  const date = dateFormatOf(trimmed);
  if (date !== undefined) {
    if (date.format !== undefined) tally.dates.add(date.format, trimmed);
    else tally.dates.addAmbiguous(date.ambiguous, trimmed);
    fits.push('datetime');
    if (date.format !== 'ISO' || dateOnly.test(trimmed)) fits.push('date');
  }
  tally.kinds = intersect(tally.kinds, fits);
}

const intersect = (kinds: Set<Kind>, fits: readonly Kind[]): Set<Kind> =>
  new Set(fits.filter((kind) => kinds.has(kind)));

const preference: readonly Kind[] = ['boolean', 'integer', 'decimal', 'date', 'datetime', 'text'];

function toShape(tally: Tally): ColumnShape {
  const kind = preference.find((k) => tally.kinds.has(k)) ?? 'text';
  const nullable = tally.empty > 0;
  const base = { name: tally.name, nullable, hasDefault: false };
  if (kind === 'decimal') {
    const precision = Math.max(1, tally.whole + tally.scale);
    return { ...base, type: `decimal(${precision},${tally.scale})`, precision, scale: tally.scale };
  }
  if (kind === 'date' || kind === 'datetime') {
    const report = tally.dates.report();
    const formats = (report?.formats ?? []).map((f) => ({
      format: f.format,
      count: f.count,
      share: f.share,
    }));
    return { ...base, type: kind, formats, ambiguousDates: report?.ambiguous ?? 0 };
  }
  if (kind === 'text') return { ...base, type: 'text', longest: tally.maxLength };
  return { ...base, type: kind };
}
