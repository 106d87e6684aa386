/**
 * Format-preserving replacement: every digit becomes a digit, every letter a letter of the
 * same case, everything else (spaces, dashes, dots, brackets) stays where it is, so an id, a
 * postal code or a phone number keeps its length and shape. `keep` leading characters are
 * copied unchanged (a phone's country code, an IBAN's country); a first replaced digit that
 * was not 0 does not become 0, so a number keeps its number of digits.
 */
export function preserveFormat(text: string, bytes: Uint8Array, keep = 0): string {
  const chars = Array.from(text);
  let used = 0;
  let firstDigit = true;
  return chars
    .map((char, index) => {
      if (index < keep) {
        if (/\d/.test(char)) firstDigit = false;
        return char;
      }
      // Only replaced characters draw a byte, so punctuation never changes the digits.
      const draw = () => bytes[used++ % bytes.length] ?? 0;
      if (/\d/.test(char)) {
        const byte = draw();
        const nonZero = firstDigit && char !== '0';
        firstDigit = false;
        return String(nonZero ? 1 + (byte % 9) : byte % 10);
      }
      if (/\p{L}/u.test(char)) {
        const byte = draw();
        const letter = String.fromCharCode(97 + (byte % 26));
        return char === char.toLowerCase() ? letter : letter.toUpperCase();
      }
      return char;
    })
    .join('');
}

/** How many characters preserveFormat replaces, so the caller asks for enough bytes. */
export function replaceableCount(text: string): number {
  return Array.from(text).filter((char) => /[\d\p{L}]/u.test(char)).length;
}
