/**
 * JSON text and values without losing integers beyond 2^53: they parse to bigint and
 * serialise back as bare digits (0005). JSON.parse alone would round them, and Node 20 has no
 * source text in a reviver to recover them.
 */

/** Parses JSON text; integers that are not safe become bigint. */
export function parseJsonExact(text: string): unknown {
  // A number needs 16 digits in a row to be unsafe: the usual document takes the fast path.
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  const parser = new ExactParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

/** Serialises a value as JSON text, bigint as bare digits; undefined when JSON has no form for it. */
export function stringifyJsonExact(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return stringifyJsonExact(withJson.toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => stringifyJsonExact(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const text = stringifyJsonExact(item);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

const numberPattern = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// Loose on purpose: JSON.parse of the match refuses raw control characters and bad escapes.
const stringPattern = /"(?:[^"\\]|\\.)*"/y;

class ExactParser {
  private at = 0;
  constructor(private readonly text: string) {}

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.number();
  }

  end(): void {
    this.skipSpace();
    if (this.at < this.text.length) this.fail();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    while (true) {
      this.skipSpace();
      const key = this.string();
      this.expect(':');
      // defineProperty: a "__proto__" member is data, as JSON.parse makes it.
      Object.defineProperty(out, key, {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipSpace();
      if (this.text[this.at] === '}') {
        this.at++;
        return out;
      }
      this.expect(',');
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    while (true) {
      out.push(this.value());
      this.skipSpace();
      if (this.text[this.at] === ']') {
        this.at++;
        return out;
      }
      this.expect(',');
    }
  }

  private string(): string {
    stringPattern.lastIndex = this.at;
    const match = stringPattern.exec(this.text);
    if (match === null) this.fail();
    this.at = stringPattern.lastIndex;
    return JSON.parse(match[0]) as string;
  }

  private number(): number | bigint {
    numberPattern.lastIndex = this.at;
    const match = numberPattern.exec(this.text);
    if (match === null) this.fail();
    this.at = numberPattern.lastIndex;
    const isInteger = match[1] === undefined && match[2] === undefined;
    const number = Number(match[0]);
    return isInteger && !Number.isSafeInteger(number) ? BigInt(match[0]) : number;
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.at] !== char) this.fail();
    this.at++;
  }

  private skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text[this.at] ?? '')) this.at++;
  }

  private fail(): never {
    throw new SyntaxError(`Unexpected token in JSON at position ${this.at}`);
  }
}
