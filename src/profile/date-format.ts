/**
 * The date format a text is written in. Day-first and month-first dates with both parts up
 * to 12 cannot be told apart from the value alone: they are `ambiguous` with the separator, and
 * the column's decidable values settle them (see tallyFormats).
 */
export type DateFormat =
  | { readonly format: string; readonly ambiguous?: undefined }
  | { readonly format?: undefined; readonly ambiguous: readonly [string, string] };

const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const yearFirst = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$/;
const numeric = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const monthNames =
  /^(\d{1,2}[ -](jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ -,]*\d{2,4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})$/i;

export function dateFormatOf(text: string): DateFormat | undefined {
  const value = text.trim();
  if (iso.test(value)) return { format: 'ISO' };
  const ymd = yearFirst.exec(value);
  if (ymd) return { format: `yyyy${ymd[2]}MM${ymd[2]}dd` };
  if (monthNames.test(value)) return { format: 'named month' };
  const parts = numeric.exec(value);
  if (!parts) return undefined;
  const [first, sep, second, year] = [Number(parts[1]), parts[2] ?? '/', Number(parts[3]), parts[4] ?? ''];
  if (first === 0 || second === 0 || (first > 12 && second > 12) || first > 31 || second > 31)
    return undefined;
  const y = year.length === 2 ? 'yy' : 'yyyy';
  const dayFirst = `dd${sep}MM${sep}${y}`;
  const monthFirst = `MM${sep}dd${sep}${y}`;
  if (first > 12) return { format: dayFirst };
  if (second > 12) return { format: monthFirst };
  return { ambiguous: [dayFirst, monthFirst] };
}
