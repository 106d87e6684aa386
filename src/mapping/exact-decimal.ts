import { Decimal } from 'decimal.js';

/**
 * Decimal arithmetic for money, rounding and units: a private Decimal constructor (not the
 * library's global one, which other code may configure), with room for any amount and no
 * exponent notation in its text.
 */
export const ExactDecimal = Decimal.clone({
  // 34 significant digits, as IEEE 754 decimal128: amounts to 10^20 with ten decimals stay exact.
  precision: 34,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type ExactDecimal = Decimal;

export type RoundingMode = 'half-up' | 'half-even';

export const roundingModes: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
};

// Plain decimal text: what an exact amount looks like in a CSV or a JSON string.
const decimalText = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The exact decimal a value stands for: a finite number (by its shortest text, so 2.675 is
 * 2.675, not the binary 2.67499999...), a bigint, or plain decimal text ("1234.56", " -0.5 ").
 * Undefined for anything else, locale formats ("1.234,56") included: parse-number reads those.
 */
export function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new ExactDecimal(value) : undefined;
  if (typeof value === 'bigint') return new ExactDecimal(value.toString());
  if (typeof value === 'string') {
    const text = value.trim();
    return decimalText.test(text) ? new ExactDecimal(text) : undefined;
  }
  return undefined;
}

/** Decimal text without exponent and without "-0". */
export function decimalString(value: Decimal, places?: number): string {
  if (value.isZero()) return places === undefined || places === 0 ? '0' : `0.${'0'.repeat(places)}`;
  return places === undefined ? value.toFixed() : value.toFixed(places);
}

/**
 * Rounds a number as it is written (its shortest text, so 2.675 is 2.675), as decimal.js
 * would, without building a Decimal: the digits are rounded in the text. Numbers in exponent
 * notation (below 1e-6 or from 1e21) go through decimal.js.
 */
export function roundNumber(value: number, places: number, mode: RoundingMode): number {
  if (value === 0) return 0;
  const text = String(value);
  if (text.includes('e')) {
    const rounded = new ExactDecimal(text).toDecimalPlaces(places, roundingModes[mode]);
    return rounded.isZero() ? 0 : rounded.toNumber();
  }
  const isNegative = text.charCodeAt(0) === 45;
  const body = isNegative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  if (dot < 0 || body.length - dot - 1 <= places) return value;
  const cut = dot + 1 + places;
  const next = body.charCodeAt(cut) - 48;
  let isUp = next > 5;
  if (next === 5) {
    let isExactHalf = true;
    for (let i = cut + 1; i < body.length; i++) {
      if (body.charCodeAt(i) !== 48) {
        isExactHalf = false;
        break;
      }
    }
    const last = places === 0 ? body.charCodeAt(dot - 1) - 48 : body.charCodeAt(cut - 1) - 48;
    isUp = !isExactHalf || mode === 'half-up' || last % 2 === 1;
  }
  let kept = places === 0 ? body.slice(0, dot) : body.slice(0, cut);
  if (isUp) kept = incrementLastDigit(kept);
  const rounded = Number(kept);
  return rounded === 0 ? 0 : isNegative ? -rounded : rounded;
}

/** "1.29" -> "1.30", "9.99" -> "10.00", "99" -> "100". */
function incrementLastDigit(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const char = chars[i] as string;
    if (char === '.') continue;
    if (char !== '9') {
      chars[i] = String.fromCharCode(char.charCodeAt(0) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return `1${chars.join('')}`;
}
