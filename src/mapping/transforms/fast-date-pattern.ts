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

/** A strict reader: exact widths, valid ranges; undefined means "ask date-fns". */
export function fastDateReader(pattern: string): ((text: string) => Date | undefined) | undefined {
  const parts = splitPattern(pattern);
  if (parts === undefined) return undefined;
  const tokens: FieldToken[] = [];
  let source = '^';
  for (const part of parts) {
    if (part.kind === 'literal') source += part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else {
      tokens.push(part.token);
      source += `(\\d{${widths[part.token]}})`;
    }
  }
  const regex = new RegExp(`${source}$`);
  const at = (token: FieldToken) => tokens.indexOf(token) + 1;
  const [year, month, day, hour, minute, second, ms] = [
    at('yyyy'),
    at('MM'),
    at('dd'),
    at('HH'),
    at('mm'),
    at('ss'),
    at('SSS'),
  ];
  // What the pattern leaves out comes from the reference date, 2000-01-01T00:00:00.000Z.
  return function readFast(text) {
    const match = regex.exec(text);
    if (match === null) return undefined;
    const get = (group: number, fallback: number) => (group === 0 ? fallback : Number(match[group]));
    const y = get(year, 2000);
    const mo = get(month, 1);
    const d = get(day, 1);
    const h = get(hour, 0);
    const mi = get(minute, 0);
    const s = get(second, 0);
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, get(ms, 0));
    // A day past the month's end rolls over; then it was no date (02/30).
    return date.getUTCDate() === d ? date : undefined;
  };
}

/** An exact writer for the same tokens; undefined when the pattern needs date-fns. */
export function fastDateWriter(pattern: string): ((date: Date) => string | undefined) | undefined {
  const parts = splitPattern(pattern);
  if (parts === undefined) return undefined;
  return function writeFast(date) {
    const year = date.getUTCFullYear();
    if (year < 1 || year > 9999) return undefined;
    let out = '';
    for (const part of parts) {
      if (part.kind === 'literal') out += part.text;
      else out += String(fieldValue(date, part.token)).padStart(widths[part.token], '0');
    }
    return out;
  };
}

function fieldValue(date: Date, token: FieldToken): number {
  switch (token) {
    case 'yyyy':
      return date.getUTCFullYear();
    case 'MM':
      return date.getUTCMonth() + 1;
    case 'dd':
      return date.getUTCDate();
    case 'HH':
      return date.getUTCHours();
    case 'mm':
      return date.getUTCMinutes();
    case 'ss':
      return date.getUTCSeconds();
    case 'SSS':
      return date.getUTCMilliseconds();
  }
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
