/** Delimiters `delimiter: auto` chooses among, in order of preference on a tie. */
export const sniffedDelimiters = [',', ';', '\t', '|'] as const;

/** Lines looked at: enough to see a pattern, few enough to stay cheap on a huge head. */
const maxLines = 20;

/**
 * Picks the delimiter from the first lines of a CSV text (docs/decisions/0008): for each
 * candidate, count its occurrences outside quotes on each line; the candidate that appears on
 * every line the same number of times (at least once) wins, the most frequent first; if none is
 * consistent, the one with the most lines agreeing with the first line's count; ',' when the
 * text holds none of them (a one-column file). A quoted field spanning lines is followed.
 */
export function sniffDelimiter(text: string, quote: string): string {
  const lines = countPerLine(text, quote);
  let best: { delimiter: string; score: number; count: number } | undefined;
  for (const delimiter of sniffedDelimiters) {
    const counts = lines.map((line) => line.get(delimiter) ?? 0);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const agreeing = counts.filter((count) => count === first).length;
    // Consistency first (lines agreeing), then how many fields it makes.
    const score = agreeing * 1000 + Math.min(first, 999);
    if (best === undefined || score > best.score) best = { delimiter, score, count: first };
  }
  return best?.delimiter ?? ',';
}

/** Per logical line (a quoted line break does not end one), the count of each candidate. */
function countPerLine(text: string, quote: string): Map<string, number>[] {
  const lines: Map<string, number>[] = [];
  let current = new Map<string, number>();
  let inQuotes = false;
  let hasContent = false;
  // The last line may be cut off by the end of the head: it is left out unless it is the only one.
  for (let i = 0; i < text.length && lines.length < maxLines; i++) {
    const char = text[i] as string;
    if (char === quote) {
      inQuotes = !inQuotes;
      hasContent = true;
    } else if (inQuotes) {
    } else if (char === '\n' || char === '\r') {
      if (hasContent) lines.push(current);
      current = new Map();
      hasContent = false;
    } else {
      hasContent = true;
      if ((sniffedDelimiters as readonly string[]).includes(char))
        current.set(char, (current.get(char) ?? 0) + 1);
    }
  }
  if (lines.length === 0 && hasContent) lines.push(current);
  return lines;
}
