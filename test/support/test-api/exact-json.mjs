// JSON for the test API that keeps integers beyond 2^53 exact (as BigInt), written apart from
// the connector's own parser so that the two cannot share a mistake.

const token = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],:]))/y;

/** Parses JSON text; unsafe integers become BigInt. */
export function parseExact(text) {
  let at = 0;
  const next = () => {
    token.lastIndex = at;
    const match = token.exec(text);
    if (match === null) throw new SyntaxError(`bad JSON at ${at}`);
    at = token.lastIndex;
    return match;
  };
  const value = (match = next()) => {
    const [, string, number, literal, punct] = match;
    if (string !== undefined) return JSON.parse(string);
    if (number !== undefined) {
      const n = Number(number);
      return /^-?\d+$/.test(number) && !Number.isSafeInteger(n) ? BigInt(number) : n;
    }
    if (literal !== undefined) return JSON.parse(literal);
    if (punct === '[') {
      const list = [];
      let m = next();
      if (m[4] === ']') return list;
      for (;;) {
        list.push(value(m));
        m = next();
        if (m[4] === ']') return list;
        if (m[4] !== ',') throw new SyntaxError(`expected , at ${at}`);
        m = next();
      }
    }
    if (punct === '{') {
      const object = {};
      let m = next();
      if (m[4] === '}') return object;
      for (;;) {
        if (m[1] === undefined) throw new SyntaxError(`expected a name at ${at}`);
        const name = JSON.parse(m[1]);
        if (next()[4] !== ':') throw new SyntaxError(`expected : at ${at}`);
        object[name] = value();
        m = next();
        if (m[4] === '}') return object;
        if (m[4] !== ',') throw new SyntaxError(`expected , at ${at}`);
        m = next();
      }
    }
    throw new SyntaxError(`unexpected ${punct} at ${at}`);
  };
  const result = value();
  if (text.slice(at).trim() !== '') throw new SyntaxError(`trailing text at ${at}`);
  return result;
}

/** Serialises a value; BigInt as bare digits. */
export function stringifyExact(value) {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stringifyExact).join(',')}]`;
  const members = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${JSON.stringify(k)}:${stringifyExact(v)}`);
  return `{${members.join(',')}}`;
}
