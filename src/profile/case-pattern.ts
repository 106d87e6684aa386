export type CasePattern = 'lower' | 'UPPER' | 'Title' | 'mixed';

/** The letter case a text is written in; undefined when it has no cased letters. */
export function casePattern(text: string): CasePattern | undefined {
  const letters = text.match(/[\p{Lu}\p{Ll}\p{Lt}]/gu);
  if (!letters) return undefined;
  const hasUpper = /[\p{Lu}\p{Lt}]/u.test(text);
  const hasLower = /\p{Ll}/u.test(text);
  if (!hasUpper) return 'lower';
  if (!hasLower) return letters.length > 1 ? 'UPPER' : 'Title';
  const words = text.split(/[\s\-']+/u).filter((word) => /[\p{L}]/u.test(word));
  const title = words.every((word) => /^[^\p{L}]*[\p{Lu}\p{Lt}][^\p{Lu}]*$/u.test(word));
  return title ? 'Title' : 'mixed';
}
