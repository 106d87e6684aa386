import { graphemes } from '../../core/graphemes.js';

/** Length in code points: how PostgreSQL and MySQL count a varchar's characters. */
export function textLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Cuts text to at most `max` code points without splitting a character (a surrogate pair) or
 * a grapheme (a letter and its accents, an emoji sequence): a cut never leaves half a letter.
 */
export function truncateText(text: string, max: number): string {
  if (textLength(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes().segment(text)) {
    const size = textLength(segment);
    if (used + size > max) break;
    out += segment;
    used += size;
  }
  return out;
}
