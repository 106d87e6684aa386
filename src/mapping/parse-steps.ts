import { type Issue, issue } from '../core/issue.js';

/**
 * Reads the small step language of `transform:` and `validate:`: a pipe of steps
 * (`"trim | lower"`) or a list of them. Only syntax is checked here; whether a step exists and
 * takes those arguments is decided when the mapping compiles.
 *
 *   steps = step { "|" step }
 *   step  = name [ "(" [ arg { "," arg } [ "," ] ] ")" ]      positional args before named ones
 *   arg   = value | key ":" value
 *   value = 'text' | "text" | number | true | false | null | bare-word | [ values ] | { key: value }
 *
 * A bare word (country-codes, USD, yyyy-MM-dd) is text. Quoted text knows the escapes \\ \' \"
 * \n \r \t; any other backslash is kept as written, so regular expressions read naturally
 * (`pattern('^\d+$')`).
 */

export interface Step {
  readonly name: string;
  readonly positional: readonly unknown[];
  readonly named: Readonly<Record<string, unknown>>;
  /** Where the step's name starts in its text (0-based; messages say column offset + 1). */
  readonly offset: number;
  /** Position in the list when the steps were written as a list; undefined for one string. */
  readonly item: number | undefined;
}

export type ParseStepsResult =
  | { readonly ok: true; readonly steps: readonly Step[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Parses a pipe string or a list of pipe strings; `path` prefixes the issues (`fields[2].transform`). */
export function parseSteps(source: string | readonly string[], path = ''): ParseStepsResult {
  const steps: Step[] = [];
  const issues: Issue[] = [];
  if (typeof source === 'string') {
    parsePipe(source, undefined, path, steps, issues);
  } else {
    source.forEach((text, item) => {
      parsePipe(text, item, `${path}[${item}]`, steps, issues);
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, steps };
}

/** A syntax problem at an offset; thrown inside the parser only, and turned into an Issue. */
class StepSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const quoteHint = 'quote text that has spaces or any of , : | ( ) [ ] { } in it';
const nameStart = /[A-Za-z]/;
const nameChar = /[A-Za-z0-9_-]/;
const keyStart = /[A-Za-z_]/;
const space = /\s/;
// Everything that ends a bare token.
const delimiter = /[\s,:|()[\]{}'"]/;
const numberLiteral = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const bareWord = /^[\p{L}_][\p{L}\p{N}_./-]*$/u;
const escapes: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
};

function parsePipe(
  text: string,
  item: number | undefined,
  path: string,
  steps: Step[],
  issues: Issue[],
): void {
  let pos = 0;
  const report = (error: StepSyntaxError) => {
    const where = error.offset >= text.length ? 'at the end' : `at column ${error.offset + 1}`;
    issues.push(
      issue('bad-step-syntax', path, `${error.message} ${where} of ${JSON.stringify(shorten(text))}`, {
        ...(error.hint ? { hint: error.hint } : {}),
      }),
    );
  };

  const skipSpace = () => {
    while (pos < text.length && space.test(text[pos] as string)) pos++;
  };
  const peek = () => text[pos];
  const found = () => (pos >= text.length ? 'the end' : JSON.stringify(text[pos]));

  const readName = (): string => {
    const start = pos;
    if (!nameStart.test(peek() ?? '')) {
      throw new StepSyntaxError(
        `expected a step name, found ${found()}`,
        pos,
        'a step is a name such as trim or max-length(80)',
      );
    }
    while (pos < text.length && nameChar.test(text[pos] as string)) pos++;
    return text.slice(start, pos);
  };

  const readString = (): string => {
    const open = pos;
    const quote = text[pos];
    pos++;
    let out = '';
    while (pos < text.length) {
      const ch = text[pos] as string;
      if (ch === quote) {
        pos++;
        return out;
      }
      if (ch === '\\' && pos + 1 < text.length) {
        const next = text[pos + 1] as string;
        out += escapes[next] ?? `\\${next}`;
        pos += 2;
        continue;
      }
      out += ch;
      pos++;
    }
    throw new StepSyntaxError('unclosed quote', open, `close the text with ${quote}`);
  };

  const readBare = (): unknown => {
    const start = pos;
    while (pos < text.length && !delimiter.test(text[pos] as string)) pos++;
    const token = text.slice(start, pos);
    if (token === '') throw new StepSyntaxError(`expected a value, found ${found()}`, start, quoteHint);
    if (numberLiteral.test(token)) return Number(token);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (bareWord.test(token)) return token;
    throw new StepSyntaxError(
      `${JSON.stringify(shorten(token))} is not a value`,
      start,
      `quote it: '${shorten(token)}'`,
    );
  };

  const readList = (): unknown[] => {
    const open = pos;
    pos++;
    const values: unknown[] = [];
    for (;;) {
      skipSpace();
      if (peek() === ']') {
        pos++;
        return values;
      }
      if (pos >= text.length) throw new StepSyntaxError('unclosed [', open, 'end the list with ]');
      values.push(readValue());
      skipSpace();
      if (peek() === ',') pos++;
      else if (peek() !== ']') {
        if (pos >= text.length) throw new StepSyntaxError('unclosed [', open, 'end the list with ]');
        throw new StepSyntaxError(`expected , or ] in a list, found ${found()}`, pos, quoteHint);
      }
    }
  };

  const readObject = (): Record<string, unknown> => {
    const open = pos;
    pos++;
    const entries = new Map<string, unknown>();
    for (;;) {
      skipSpace();
      if (peek() === '}') {
        pos++;
        return Object.fromEntries(entries);
      }
      if (pos >= text.length) throw new StepSyntaxError('unclosed {', open, 'end the table with }');
      const keyAt = pos;
      const key = peek() === "'" || peek() === '"' ? readString() : String(readBare());
      if (entries.has(key)) throw new StepSyntaxError(`key ${JSON.stringify(key)} is given twice`, keyAt);
      skipSpace();
      if (peek() !== ':')
        throw new StepSyntaxError(`expected : after the key, found ${found()}`, pos, quoteHint);
      pos++;
      skipSpace();
      entries.set(key, readValue());
      skipSpace();
      if (peek() === ',') pos++;
      else if (peek() !== '}') {
        if (pos >= text.length) throw new StepSyntaxError('unclosed {', open, 'end the table with }');
        throw new StepSyntaxError(`expected , or } in a table, found ${found()}`, pos, quoteHint);
      }
    }
  };

  const readValue = (): unknown => {
    skipSpace();
    const ch = peek();
    if (ch === "'" || ch === '"') return readString();
    if (ch === '[') return readList();
    if (ch === '{') return readObject();
    return readBare();
  };

  /** `key:` when the next characters are a key and a colon; otherwise leaves pos alone. */
  const readKey = (): string | undefined => {
    if (!keyStart.test(peek() ?? '')) return undefined;
    const start = pos;
    while (pos < text.length && nameChar.test(text[pos] as string)) pos++;
    const key = text.slice(start, pos);
    skipSpace();
    if (peek() === ':') {
      pos++;
      return key;
    }
    pos = start;
    return undefined;
  };

  const readArgs = (positional: unknown[], named: Map<string, unknown>): void => {
    const open = pos;
    pos++;
    for (;;) {
      skipSpace();
      if (peek() === ')') {
        pos++;
        return;
      }
      if (pos >= text.length) throw new StepSyntaxError('unclosed (', open, 'end the arguments with )');
      const argAt = pos;
      const key = readKey();
      if (key === undefined) {
        if (named.size > 0) {
          throw new StepSyntaxError(
            'a positional argument after a named one',
            argAt,
            'put positional arguments first: join(" ", key: value)',
          );
        }
        positional.push(readValue());
      } else {
        if (named.has(key)) throw new StepSyntaxError(`argument "${key}" is given twice`, argAt);
        named.set(key, readValue());
      }
      skipSpace();
      if (peek() === ',') pos++;
      else if (peek() !== ')') {
        if (pos >= text.length) throw new StepSyntaxError('unclosed (', open, 'end the arguments with )');
        throw new StepSyntaxError(`expected , or ) after an argument, found ${found()}`, pos, quoteHint);
      }
    }
  };

  /** After an error, carry on at the next pipe outside quotes so later steps are checked too. */
  const skipToNextPipe = (from: number): void => {
    pos = from;
    let quote: string | undefined;
    while (pos < text.length) {
      const ch = text[pos] as string;
      if (quote) {
        if (ch === '\\') pos++;
        else if (ch === quote) quote = undefined;
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '|') return;
      pos++;
    }
  };

  for (;;) {
    skipSpace();
    try {
      if (pos >= text.length || peek() === '|') {
        throw new StepSyntaxError('empty step', pos, 'remove the extra | or write a step between the pipes');
      }
      const offset = pos;
      const name = readName();
      const positional: unknown[] = [];
      const named = new Map<string, unknown>();
      skipSpace();
      if (peek() === '(') readArgs(positional, named);
      skipSpace();
      if (pos < text.length && peek() !== '|') {
        throw new StepSyntaxError(
          `expected | or the end after step "${name}", found ${found()}`,
          pos,
          quoteHint,
        );
      }
      steps.push({ name, positional, named: Object.fromEntries(named), offset, item });
    } catch (error) {
      if (!(error instanceof StepSyntaxError)) throw error;
      report(error);
      skipToNextPipe(error.offset);
    }
    if (pos >= text.length) return;
    pos++; // the pipe
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
