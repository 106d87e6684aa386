/**
 * The check digits that make card numbers and IBANs recognisable by content, and that a
 * replacement must recompute so the fake still passes the checks real systems run on it.
 */

/** Whether a string of digits passes the Luhn check (payment card numbers). */
export function passesLuhn(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnSum(digits, false) % 10 === 0;
}

/** The digit to append to `digits` so the whole passes the Luhn check. */
export function luhnCheckDigit(digits: string): string {
  return String((10 - (luhnSum(digits, true) % 10)) % 10);
}

function luhnSum(digits: string, doubleLast: boolean): number {
  let sum = 0;
  for (let i = digits.length - 1, double = doubleLast; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** Whether a compact IBAN (no spaces, upper case) has a valid ISO 13616 mod-97 checksum. */
export function isValidIban(compact: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact) && ibanRemainder(compact) === 1;
}

/** The two check digits of a compact IBAN whose check digits are to be replaced. */
export function ibanCheckDigits(compact: string): string {
  const remainder = ibanRemainder(`${compact.slice(0, 2)}00${compact.slice(4)}`);
  return String(98 - remainder).padStart(2, '0');
}

function ibanRemainder(compact: string): number {
  const moved = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of moved) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}
