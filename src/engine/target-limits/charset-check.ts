import iconv from 'iconv-lite';

/**
 * Whether a character can be stored in a charset. Unicode charsets take everything but lone
 * surrogates (they cannot be encoded in UTF-8 at all); `utf8mb3`/`ucs2` stop at U+FFFF; any
 * other name is an iconv-lite encoding, tested by a round trip once per character.
 */
export type CharsetCheck = (char: string) => boolean;

const unicode = new Set(['utf-8', 'utf8', 'utf8mb4', 'utf-16', 'utf-16le', 'utf-16be', 'utf16', 'utf-32']);
const basicPlane = new Set(['utf8mb3', 'ucs2']);

export function charsetCheck(charset: string | undefined): CharsetCheck {
  const name = (charset ?? 'utf-8').toLowerCase();
  if (unicode.has(name)) return isScalar;
  if (basicPlane.has(name)) return (char) => isScalar(char) && (char.codePointAt(0) ?? 0) <= 0xffff;
  if (name === 'ascii' || name === 'us-ascii') return (char) => (char.codePointAt(0) ?? 0x80) < 0x80;
  if (!iconv.encodingExists(name)) return isScalar;
  const known = new Map<string, boolean>();
  return (char) => {
    const cached = known.get(char);
    if (cached !== undefined) return cached;
    const fits = isScalar(char) && iconv.decode(iconv.encode(char, name), name) === char;
    known.set(char, fits);
    return fits;
  };
}

/**
 * A quick test that passes text every character of which the charset surely stores — most
 * text, on the hot path — so only the rest is checked character by character. False means
 * "look closer", not "does not fit".
 */
export type PlainTextCheck = (text: string) => boolean;

const loneSurrogate = /\p{Cs}/u;
const astralOrSurrogate = /[\uD800-\uDFFF]/;
const nonAscii = /[^\p{ASCII}]/u;

export function plainTextCheck(charset: string | undefined, fits: CharsetCheck): PlainTextCheck {
  const name = (charset ?? 'utf-8').toLowerCase();
  if (basicPlane.has(name)) return (text) => !astralOrSurrogate.test(text);
  if (unicode.has(name) || (name !== 'ascii' && name !== 'us-ascii' && !iconv.encodingExists(name))) {
    // Most text has no surrogates at all, which a plain character class finds fastest.
    return (text) => !astralOrSurrogate.test(text) || !loneSurrogate.test(text);
  }
  // Charsets that extend ASCII (nearly all): ASCII-only text needs no closer look.
  for (let code = 0; code < 0x80; code++) if (!fits(String.fromCharCode(code))) return () => false;
  return (text) => !nonAscii.test(text);
}

/** Not half of a surrogate pair. */
function isScalar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0xd800 || code > 0xdfff;
}

/** `charset` names as PostgreSQL and MySQL print them, in iconv-lite's spelling. */
export function normaliseCharset(name: string): string | undefined {
  const lower = name.toLowerCase();
  const known: Record<string, string | undefined> = {
    utf8: undefined,
    utf8mb4: undefined,
    unicode: undefined,
    sql_ascii: undefined,
    // MySQL's latin1 is Windows-1252 (it stores € and the other 0x80-0x9F characters).
    latin1: 'windows-1252',
    latin2: 'iso-8859-2',
    latin9: 'iso-8859-15',
    win1250: 'windows-1250',
    win1251: 'windows-1251',
    win1252: 'windows-1252',
    cp1250: 'windows-1250',
    cp1251: 'windows-1251',
    cp1252: 'windows-1252',
    utf8mb3: 'utf8mb3',
    ucs2: 'ucs2',
    ascii: 'ascii',
  };
  if (lower in known) return known[lower];
  return iconv.encodingExists(lower) ? lower : undefined;
}
