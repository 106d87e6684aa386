/**
 * How the values of `fields:` are written in sheet cells, both ways. The rules are chosen so
 * that a person can type them and YAML -> sheet -> YAML gives back exactly the same fields:
 *
 * - Field names: one name as it is (`Customer Name`); several separated by commas
 *   (`street, city, postal_code`) or line breaks. A list of one is written in brackets:
 *   `[street]`. A name with a comma, a line break, or a leading `"`, `=`, `[` or space is put
 *   in double quotes, doubling any quote inside: `"Last, First"`.
 * - Constants (`value:`) go in the source field cell, written as a spreadsheet formula:
 *   `="USD"`, `=42`, `=TRUE`, `=FALSE`, `=NULL`. In the default cell the same, several separated
 *   by commas for several target fields (`="?", =NULL`); there plain text is text too (`n/a`).
 * - Steps (transformation, validation): a pipe on one line (`trim | lower`), or a list with one
 *   step pipe per line, optionally bulleted with `- `. A list of one is `- trim`.
 */

export interface NotationProblem {
  readonly problem: string;
  readonly hint?: string;
}

export interface NamesCell {
  readonly names: readonly string[];
  /** Written as a list (several names, or brackets): `from: [a]` rather than `from: a`. */
  readonly isList: boolean;
}

export function isNotationProblem(value: unknown): value is NotationProblem {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

/** Reads a source or target field cell (not a constant); the cell is not empty. */
export function parseNames(text: string): NamesCell | NotationProblem {
  const trimmed = text.trim();
  const isBracketed = trimmed.startsWith('[') && trimmed.endsWith(']');
  const inner = isBracketed ? trimmed.slice(1, -1) : trimmed;
  const names: string[] = [];
  let pos = 0;
  const skip = (blank: RegExp) => {
    while (pos < inner.length && blank.test(inner[pos] as string)) pos++;
  };
  for (;;) {
    // Line breaks around a name are separators too: "a,\nb" and "a\n\nb" are two names.
    skip(/\s/);
    let name: string;
    if (inner[pos] === '"') {
      const read = readQuoted(inner, pos);
      if (isNotationProblem(read)) return read;
      name = read.text;
      pos = read.end;
      skip(/[ \t]/);
      if (pos < inner.length && inner[pos] !== ',' && inner[pos] !== '\n') {
        return {
          problem: `unexpected text after the quoted name ${JSON.stringify(name)}`,
          hint: 'separate field names with commas',
        };
      }
    } else {
      const start = pos;
      while (pos < inner.length && inner[pos] !== ',' && inner[pos] !== '\n') pos++;
      name = inner.slice(start, pos).trim();
      if (name === '') {
        return names.length === 0 && pos >= inner.length
          ? { problem: 'the list of field names is empty', hint: 'write at least one name between [ ]' }
          : { problem: 'an empty field name between commas', hint: 'remove the extra comma' };
      }
    }
    names.push(name);
    if (pos >= inner.length) break;
    pos++; // the separator
  }
  return { names, isList: isBracketed || names.length > 1 };
}

function readQuoted(text: string, open: number): { text: string; end: number } | NotationProblem {
  let out = '';
  for (let pos = open + 1; pos < text.length; pos++) {
    const ch = text[pos] as string;
    if (ch !== '"') out += ch;
    else if (text[pos + 1] === '"') {
      out += '"';
      pos++;
    } else return { text: out, end: pos + 1 };
  }
  return { problem: 'a quoted field name is not closed', hint: 'end the name with "' };
}

/** Writes `from:` or `to:` for a cell. */
export function formatNames(value: string | readonly string[]): string {
  if (typeof value === 'string') return formatName(value);
  if (value.length === 1) return `[${formatName(value[0] as string)}]`;
  return value.map(formatName).join(', ');
}

function formatName(name: string): string {
  const needsQuotes = name === '' || /^[\s"=[]/.test(name) || /\s$/.test(name) || /[,\n\r]/.test(name);
  return needsQuotes ? `"${name.replaceAll('"', '""')}"` : name;
}

export type Constant = string | number | boolean | null;

const numberLiteral = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Reads `="USD"`, `=42`, `=TRUE`, `=FALSE` or `=NULL` (the cell starts with `=`). */
export function parseConstant(text: string): { readonly value: Constant } | NotationProblem {
  const body = text
    .trim()
    .slice(1)
    .trim()
    .replace(/\(\s*\)$/, '');
  const quoted = /^"((?:[^"]|"")*)"$/.exec(body);
  if (quoted) return { value: (quoted[1] as string).replaceAll('""', '"') };
  if (numberLiteral.test(body)) return { value: Number(body) };
  const word = body.toLowerCase();
  if (word === 'true' || word === 'false') return { value: word === 'true' };
  if (word === 'null') return { value: null };
  return {
    problem: `${JSON.stringify(text.trim())} is not a constant`,
    hint: 'write a constant as ="text", =42, =TRUE, =FALSE or =NULL; put a field name that starts with = in double quotes',
  };
}

/** Reads a default cell (not empty): one constant, or several for several target fields. */
export function parseConstants(text: string): { readonly value: Constant | Constant[] } | NotationProblem {
  const trimmed = text.trim();
  const isBracketed = trimmed.startsWith('[') && trimmed.endsWith(']');
  const items = splitOutsideQuotes(isBracketed ? trimmed.slice(1, -1) : trimmed).map((item) => item.trim());
  const values: Constant[] = [];
  for (const item of items) {
    if (item === '') return { problem: 'an empty value between commas', hint: 'remove the extra comma' };
    if (!item.startsWith('=')) values.push(item);
    else {
      const constant = parseConstant(item);
      if (isNotationProblem(constant)) return constant;
      values.push(constant.value);
    }
  }
  return { value: isBracketed || values.length > 1 ? values : (values[0] as Constant) };
}

function splitOutsideQuotes(text: string): string[] {
  const items: string[] = [];
  let start = 0;
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (ch === ',' || ch === '\n')) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items;
}

/** Writes `default:` for a cell. */
export function formatConstants(value: Constant | readonly Constant[]): string {
  if (!Array.isArray(value)) return formatConstant(value as Constant);
  if (value.length === 1) return `[${formatConstant(value[0] as Constant)}]`;
  return value.map(formatConstant).join(', ');
}

export function formatConstant(value: Constant): string {
  if (value === null) return '=NULL';
  if (typeof value === 'boolean') return value ? '=TRUE' : '=FALSE';
  if (typeof value === 'number') return `=${String(value)}`;
  return `="${value.replaceAll('"', '""')}"`;
}

/** Reads a transformation or validation cell (not empty): one pipe, or a list of pipes. */
export function parseStepsCell(text: string): string | string[] {
  const lines: string[] = [];
  let isBulleted = false;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (/^-(\s|$)/.test(line)) {
      isBulleted = true;
      line = line.slice(1).trim();
    }
    if (line === '') continue;
    // A pipe broken over two lines is one item: "trim |" then "lower", or "trim" then "| lower".
    const previous = lines.at(-1);
    if (previous !== undefined && (previous.endsWith('|') || line.startsWith('|'))) {
      lines[lines.length - 1] = `${previous} ${line}`;
    } else lines.push(line);
  }
  return lines.length === 1 && !isBulleted ? (lines[0] as string) : lines;
}

/** Writes `transform:` or `validate:` for a cell. */
export function formatStepsCell(value: string | readonly string[]): string {
  if (typeof value === 'string') return oneLine(value);
  return value.map((item) => `- ${oneLine(item)}`).join('\n');
}

/**
 * A pipe on one line, meaning the same: a line break between steps is a space, one inside
 * quotes is the escape \n (the step language reads both the same way).
 */
function oneLine(pipe: string): string {
  if (!/[\r\n]/.test(pipe)) return pipe;
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < pipe.length; i++) {
    const ch = pipe[i] as string;
    if (quote !== undefined && ch === '\\') {
      out += ch + (pipe[i + 1] ?? '');
      i++;
    } else if (ch === '\n' || ch === '\r') {
      out += quote === undefined ? ' ' : ch === '\n' ? '\\n' : '\\r';
    } else {
      if (quote === undefined && (ch === "'" || ch === '"')) quote = ch;
      else if (ch === quote) quote = undefined;
      out += ch;
    }
  }
  return out;
}
