import { didYouMean } from '../core/did-you-mean.js';

/**
 * didYouMean, plus the most common typo it does not count as close: two neighbouring letters
 * swapped ("emial" for "email", "form" for "from").
 */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  return (
    didYouMean(name, list) ?? list.find((candidate) => isSwap(name.toLowerCase(), candidate.toLowerCase()))
  );
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
