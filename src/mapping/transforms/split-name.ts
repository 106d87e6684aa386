import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({});

/**
 * Words that start a last name when they follow the first name: "Ludwig van Beethoven",
 * "Johannes Van der Berg", "Maria de la Cruz". Compared without case.
 */
export const nameParticles: ReadonlySet<string> = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'la',
  'le',
  'da',
  'das',
  'dos',
  'di',
  'du',
  'ter',
  'ten',
  'bin',
  'ibn',
  'al',
  'st.',
]);

/** Generational suffixes kept with the last name: "Martin Luther King Jr.". */
export const nameSuffixes: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/**
 * Splits a full name into as many parts as the field has targets:
 * 2 → [first, last] (middle names stay with the first name), 3 → [first, middle, last].
 * Understands "Last, First" and keeps particles and suffixes with the last name. A name it
 * cannot split further leaves the remaining parts null. Limits are in docs/mapping.md.
 */
export const splitNameTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'split-name',
  summary: 'Splits a full name into first and last name (two targets) or first, middle and last (three).',
  args,
  examples: [
    {
      step: 'split-name',
      input: 'Johannes Van der Berg',
      output: ['Johannes', 'Van der Berg'],
      targets: ['first', 'last'],
    },
    {
      step: 'split-name',
      input: 'Martin Luther King, Jr.',
      output: ['Martin', 'Luther', 'King Jr.'],
      targets: ['first', 'middle', 'last'],
    },
  ],
  compile: (_args, { targets }) => {
    const count = targets.length;
    if (count !== 2 && count !== 3) {
      return issue(
        'bad-step-target',
        '',
        `needs 2 target fields ([first, last]) or 3 ([first, middle, last]) in to:, got ${count}`,
        { hint: 'write to: [first_name, last_name]' },
      );
    }
    return function splitName(value: unknown): unknown {
      if (value === null || value === undefined) return new Array(count).fill(null);
      if (typeof value !== 'string') {
        return recordIssue(
          'not-text',
          '',
          `cannot split ${showValue(value)}: a name must be text`,
          Array.isArray(value) ? { hint: 'split-name splits one field: give from: a single field' } : {},
        );
      }
      const parts = splitFullName(value);
      if (parts === undefined) return new Array(count).fill(null);
      const given = parts.given;
      if (count === 2) return [orNull(given.join(' ')), parts.last];
      return [orNull(given[0] ?? ''), orNull(given.slice(1).join(' ')), parts.last];
    };
  },
};

interface NameParts {
  /** First name followed by any middle names. */
  readonly given: readonly string[];
  readonly last: string | null;
}

/** The parts of a full name, or undefined when there is no name (empty or only spaces). */
export function splitFullName(fullName: string): NameParts | undefined {
  const trimmed = fullName.trim();
  if (trimmed === '') return undefined;
  const comma = trimmed.indexOf(',');
  if (comma >= 0) {
    const before = words(trimmed.slice(0, comma));
    const after = words(trimmed.slice(comma + 1).replaceAll(',', ' '));
    // "John Smith, Jr." is not "Last, First": everything after the comma is a suffix.
    if (after.length > 0 && !after.every(isSuffix) && before.length > 0) {
      const suffixes = takeSuffixes(after);
      return { given: after, last: [...before, ...suffixes].join(' ') };
    }
    return splitWords([...before, ...after]);
  }
  return splitWords(words(trimmed));
}

function splitWords(tokens: string[]): NameParts | undefined {
  if (tokens.length === 0) return undefined;
  const suffixes = takeSuffixes(tokens);
  if (tokens.length === 1) {
    // One word is taken as the first name ("Madonna"), unless suffixes say it is a last name.
    return suffixes.length > 0
      ? { given: [], last: [tokens[0], ...suffixes].join(' ') }
      : { given: tokens, last: null };
  }
  // The first particle after the first name starts the last name; a final word never is one.
  let lastStart = tokens.length - 1;
  for (let i = 1; i < tokens.length - 1; i++) {
    if (nameParticles.has((tokens[i] as string).toLowerCase())) {
      lastStart = i;
      break;
    }
  }
  return { given: tokens.slice(0, lastStart), last: [...tokens.slice(lastStart), ...suffixes].join(' ') };
}

/** Removes trailing suffixes from `tokens` (in place) and returns them in order. */
function takeSuffixes(tokens: string[]): string[] {
  const suffixes: string[] = [];
  while (tokens.length > 1 && isSuffix(tokens[tokens.length - 1] as string)) {
    suffixes.unshift(tokens.pop() as string);
  }
  return suffixes;
}

function isSuffix(word: string): boolean {
  return nameSuffixes.has(word.replace(/[.,]+$/, '').toLowerCase());
}

function words(text: string): string[] {
  // A comma glued to a word ("King, Jr.") is punctuation, not part of the name.
  return text
    .split(/\s+/u)
    .map((word) => word.replace(/,+$/, ''))
    .filter((word) => word !== '');
}

function orNull(text: string): string | null {
  return text === '' ? null : text;
}
