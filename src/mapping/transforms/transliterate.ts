import { z } from 'zod';
import { type Issue, isIssue, issue, recordIssue } from '../../core/issue.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';

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

const nonAscii = /[\u0080-\u{10FFFF}]/u;
const marks = /\p{M}/gu;

/**
 * Writes text in ASCII for targets that cannot store anything else. Accents are removed
 * (compatibility decomposition, NFKD, then the combining marks dropped: "Wichterlová" →
 * "Wichterlova", "ﬁ" → "fi", "²" → "2"), then letters such as ß, æ, ø, ł are spelt out. Scripts
 * without a Latin spelling (Cyrillic, Greek, CJK, ...) and emoji follow `unknown`.
 */
export const transliterateTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'transliterate',
  summary:
    'Writes text in ASCII: removes accents and spells out ß, æ, ø, ł, đ, þ, œ and the like; other characters follow unknown: (issue, replace or drop).',
  args,
  examples: [
    { step: 'transliterate', input: 'František Wichterlová', output: 'Frantisek Wichterlova' },
    {
      step: 'transliterate',
      input: 'Stanisław Wójcik, Bjørn, Straße',
      output: 'Stanislaw Wojcik, Bjorn, Strasse',
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
      const decomposed = text.normalize('NFKD').replace(marks, '');
      let out = '';
      for (const char of decomposed) {
        if (char.charCodeAt(0) < 0x80) {
          out += char;
          continue;
        }
        const spelt = asciiSpellings[char];
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
