import type { TransformDefinition } from './transform.js';
import { booleanTransform } from './transforms/boolean.js';
import { celTransform } from './transforms/cel.js';
import { coalesceTransform } from './transforms/coalesce.js';
import { collapseWhitespaceTransform } from './transforms/collapse-whitespace.js';
import { convertCurrencyTransform } from './transforms/convert-currency.js';
import { convertUnitTransform } from './transforms/convert-unit.js';
import { defaultTransform } from './transforms/default.js';
import { emailTransform } from './transforms/email.js';
import { formatDateTransform } from './transforms/format-date.js';
import { hashTransform } from './transforms/hash.js';
import { joinTransform } from './transforms/join.js';
import { lookupTransform } from './transforms/lookup.js';
import { lowerTransform } from './transforms/lower.js';
import { normalizeUnicodeTransform } from './transforms/normalize-unicode.js';
import { padTransform } from './transforms/pad.js';
import { parseDateTransform } from './transforms/parse-date.js';
import { parseNumberTransform } from './transforms/parse-number.js';
import { phoneTransform } from './transforms/phone.js';
import { replaceTransform } from './transforms/replace.js';
import { roundTransform } from './transforms/round.js';
import { splitNameTransform } from './transforms/split-name.js';
import { substringTransform } from './transforms/substring.js';
import { titleCaseTransform } from './transforms/title-case.js';
import { transliterateTransform } from './transforms/transliterate.js';
import { trimTransform } from './transforms/trim.js';
import { truncateTransform } from './transforms/truncate.js';
import { upperTransform } from './transforms/upper.js';

/**
 * Every built-in transform, in the order the docs present them (text, combining, tables,
 * dates, numbers, the rest). Adding one is a file under transforms/ and a line here.
 */
export const transforms: readonly TransformDefinition[] = [
  trimTransform,
  lowerTransform,
  upperTransform,
  titleCaseTransform,
  collapseWhitespaceTransform,
  normalizeUnicodeTransform,
  transliterateTransform,
  substringTransform,
  truncateTransform,
  padTransform,
  replaceTransform,
  defaultTransform,
  coalesceTransform,
  joinTransform,
  splitNameTransform,
  lookupTransform,
  parseDateTransform,
  formatDateTransform,
  parseNumberTransform,
  roundTransform,
  convertCurrencyTransform,
  convertUnitTransform,
  booleanTransform,
  phoneTransform,
  emailTransform,
  hashTransform,
  celTransform,
];

const byName: ReadonlyMap<string, TransformDefinition> = new Map(transforms.map((t) => [t.name, t]));

export function findTransform(name: string): TransformDefinition | undefined {
  return byName.get(name);
}
