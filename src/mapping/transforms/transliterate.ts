import { z } from 'zod';
import { type Issue, isIssue, issue, recordIssue } from '../../core/issue.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';
import { spellScriptLetter } from './script-spellings.js';

const args = z.strictObject({
  unknown: z
    .enum(['issue', 'replace', 'drop'])
    .default('issue')
    .describe('What a character with no ASCII form gives: an issue (default), the replacement, or nothing.'),
  replacement: z
    .string()
    .default('?')
    .describe('Text written for such a character with unknown: replace (ASCII, default "?").'),
});

/**
 * Letters that do not decompose into an ASCII letter plus accents, and common punctuation,
 * with the spelling used when the letter cannot be written (German, Nordic, Polish, Croatian,
 * Icelandic, French, Turkish usage).
 */
export const asciiSpellings: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  Œ: 'OE',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŧ: 't',
  Ŧ: 'T',
  ŋ: 'ng',
  Ŋ: 'NG',
  ĸ: 'q',
  ſ: 's',
  ƒ: 'f',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '‹': "'",
  '›': "'",
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  '…': '...',
  '•': '*',
  '·': '.',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '©': '(c)',
  '®': '(R)',
  '°': 'deg',
  '×': 'x',
  '÷': '/',
  '⁄': '/',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
};

const greekOu: Readonly<Record<string, string>> = { ου: 'ou', Ου: 'Ou', ΟΥ: 'OU', οΥ: 'oU' };

const nonAscii = /[\u0080-\u{10FFFF}]/u;
const marks = /\p{M}/gu;

/**
 * Writes text in ASCII for targets that cannot store anything else. Accents are removed
 * (compatibility decomposition, NFKD, then the combining marks dropped: "Wichterlová" →
 * "Wichterlova", "ﬁ" → "fi", "²" → "2"), then letters such as ß, æ, ø, ł are spelt out, and
 * Cyrillic and Greek letters romanised. Scripts without a Latin spelling (CJK, Arabic, ...)
 * and emoji follow `unknown`.
 */
export const transliterateTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'transliterate',
  summary:
    'Writes text in ASCII: removes accents, spells out ß, æ, ø, ł, đ, þ, œ and the like, and Cyrillic and Greek letters (Щ → Shch, Γ → G); other characters follow unknown: (issue, replace or drop).',
  args,
  examples: [
    { step: 'transliterate', input: 'František Wichterlová', output: 'Frantisek Wichterlova' },
    {
      step: 'transliterate',
      input: 'Stanisław Wójcik, Bjørn, Straße',
      output: 'Stanislaw Wojcik, Bjorn, Strasse',
    },
    {
      step: 'transliterate',
      input: 'Иван Щукин, Γιώργος Παπαδόπουλος',
      output: 'Ivan Shchukin, Giorgos Papadopoulos',
    },
    { step: 'transliterate(unknown: replace)', input: 'Tokyo 東京', output: 'Tokyo ??' },
  ],
  compile: ({ unknown, replacement }) => {
    if (nonAscii.test(replacement)) {
      return issue('bad-step-args', '', `replacement ${showValue(replacement)} is not ASCII`, {
        hint: "use an ASCII replacement such as '?' or ''",
      });
    }
    const fallback = unknown === 'drop' ? '' : replacement;
    const convert = (text: string): string | Issue => {
      if (!nonAscii.test(text)) return text;
      const decomposed = text
        .normalize('NFKD')
        .replace(marks, '')
        // Greek ου is one sound, u: written ou (ELOT 743), not oy.
        .replace(/ου|Ου|ΟΥ|οΥ/g, (pair) => greekOu[pair] ?? pair);
      let out = '';
      for (const char of decomposed) {
        if (char.charCodeAt(0) < 0x80) {
          out += char;
          continue;
        }
        const spelt = asciiSpellings[char] ?? spellScriptLetter(char);
        if (spelt !== undefined) out += spelt;
        else if (unknown === 'issue') {
          return recordIssue(
            'not-transliterable',
            '',
            `${showValue(text)} has ${JSON.stringify(char)} (U+${codePoint(char)}), which has no ASCII form`,
            {
              hint: 'add unknown: replace or unknown: drop, or keep the text as it is if the target takes Unicode',
            },
          );
        } else out += fallback;
      }
      return out;
    };
    return function transliterate(value: unknown): unknown {
      if (typeof value === 'string') return convert(value);
      if (!Array.isArray(value)) return value;
      const out: unknown[] = [];
      for (const item of value) {
        const converted = typeof item === 'string' ? convert(item) : item;
        if (isIssue(converted)) return converted;
        out.push(converted);
      }
      return out;
    };
  },
};

function codePoint(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
