/**
 * Fast paths for the date patterns most data uses ('yyyy-MM-dd', 'dd/MM/yyyy HH:mm:ss', ...):
 * date-fns parse and format are general and cost microseconds per call, which dominates a
 * mapping. Only fixed-width numeric tokens are handled here; a pattern with anything else has
 * no fast path, and a text the fast reader does not accept goes to date-fns, which stays the
 * reference for what a pattern means (format-date.test.ts compares the two).
 */

type Part =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly token: FieldToken };

type FieldToken = 'yyyy' | 'MM' | 'dd' | 'HH' | 'mm' | 'ss' | 'SSS';

const widths: Readonly<Record<FieldToken, number>> = { yyyy: 4, MM: 2, dd: 2, HH: 2, mm: 2, ss: 2, SSS: 3 };

const pad2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Matches text against a pattern's fixed-width fields and checks them (ranges, days in the
 * month); `fields` then holds year, month, day, hours, minutes, seconds and milliseconds, with
 * what the pattern leaves out from the reference date, 2000-01-01T00:00:00.000Z. The array is
 * reused: read it before the next call.
 */
function fieldReader(parts: readonly Part[]): {
  readonly fields: number[];
  read(text: string): RegExpExecArray | undefined;
} {
  const tokens = parts.flatMap((part) => (part.kind === 'field' ? [part.token] : []));
  const regex = readerRegex(parts);
  const groups = (['yyyy', 'MM', 'dd', 'HH', 'mm', 'ss', 'SSS'] as const).map(
    (token) => tokens.indexOf(token) + 1,
  );
  const fallback = [2000, 1, 1, 0, 0, 0, 0];
  const fields = [...fallback];
  return {
    fields,
    read(text) {
      const match = regex.exec(text);
      if (match === null) return undefined;
      for (let i = 0; i < 7; i++) {
        const group = groups[i] as number;
        fields[i] = group === 0 ? (fallback[i] as number) : Number(match[group]);
      }
      const [y, mo, d, h, mi, s] = fields as [number, number, number, number, number, number, number];
      // A day past the month's end (02/30) is no date.
      if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59)
        return undefined;
      return match;
    },
  };
}

/** A strict reader: exact widths, valid ranges; undefined means "ask date-fns". */
export function fastDateReader(pattern: string): ((text: string) => Date | undefined) | undefined {
  const parts = splitPattern(pattern);
  if (parts === undefined) return undefined;
  const reader = fieldReader(parts);
  const fields = reader.fields;
  return function readFast(text) {
    if (reader.read(text) === undefined) return undefined;
    const [y, mo, d, h, mi, s, ms] = fields as [number, number, number, number, number, number, number];
    if (y >= 100) return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
    // Date.UTC reads years 0-99 as 1900-1999.
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, ms);
    return date;
  };
}

/**
 * Rewrites text from one fast pattern to another without building a date, when every field
 * written is read (dd/MM/yyyy -> yyyy-MM-dd): the digits are checked as the reader checks them
 * and copied. Undefined when the patterns do not allow it; the function gives undefined for
 * text the reader would not accept, which then takes the general path.
 */
export function fastDateReformat(
  from: string,
  to: string,
): ((text: string) => string | undefined) | undefined {
  const input = splitPattern(from);
  const output = splitPattern(to);
  if (input === undefined || output === undefined) return undefined;
  const groups = new Map<FieldToken, number>();
  for (const part of input) if (part.kind === 'field') groups.set(part.token, groups.size + 1);
  const copies: (string | number)[] = [];
  for (const part of output) {
    if (part.kind === 'literal') copies.push(part.text);
    else {
      const group = groups.get(part.token);
      if (group === undefined) return undefined;
      copies.push(group);
    }
  }
  const reader = fieldReader(input);
  const count = copies.length;
  return function reformat(text) {
    const match = reader.read(text);
    if (match === undefined) return undefined;
    let out = '';
    for (let i = 0; i < count; i++) {
      const copy = copies[i] as string | number;
      out += typeof copy === 'string' ? copy : match[copy];
    }
    return out;
  };
}

/** An exact writer for the same tokens; undefined when the pattern needs date-fns. */
export function fastDateWriter(pattern: string): ((date: Date) => string | undefined) | undefined {
  const parts = splitPattern(pattern);
  if (parts === undefined) return undefined;
  const count = parts.length;
  return function writeFast(date) {
    const year = date.getUTCFullYear();
    if (year < 1 || year > 9999) return undefined;
    let out = '';
    for (let i = 0; i < count; i++) {
      const part = parts[i] as Part;
      if (part.kind === 'literal') {
        out += part.text;
        continue;
      }
      switch (part.token) {
        case 'yyyy':
          out += year >= 1000 ? String(year) : String(year).padStart(4, '0');
          break;
        case 'MM':
          out += pad2[date.getUTCMonth() + 1];
          break;
        case 'dd':
          out += pad2[date.getUTCDate()];
          break;
        case 'HH':
          out += pad2[date.getUTCHours()];
          break;
        case 'mm':
          out += pad2[date.getUTCMinutes()];
          break;
        case 'ss':
          out += pad2[date.getUTCSeconds()];
          break;
        case 'SSS':
          out += String(date.getUTCMilliseconds()).padStart(3, '0');
          break;
      }
    }
    return out;
  };
}

/** Literals as themselves, each field as a group of exactly its width of digits. */
function readerRegex(parts: readonly Part[]): RegExp {
  let source = '^';
  for (const part of parts) {
    if (part.kind === 'literal') source += part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else source += `(\\d{${widths[part.token]}})`;
  }
  return new RegExp(`${source}$`);
}

/** The pattern as literals and known tokens, or undefined when it has any other token. */
function splitPattern(pattern: string): Part[] | undefined {
  const parts: Part[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      // '' (a quote) and unclosed quotes are left to date-fns.
      if (end <= i + 1 || pattern[end + 1] === "'") return undefined;
      parts.push({ kind: 'literal', text: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j++;
      const token = pattern.slice(i, j);
      if (!(token in widths) || seen.has(token)) return undefined;
      seen.add(token);
      parts.push({ kind: 'field', token: token as FieldToken });
      i = j;
    } else {
      parts.push({ kind: 'literal', text: ch });
      i++;
    }
  }
  return parts;
}
