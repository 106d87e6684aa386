import type { RuleDefinition } from './rule.js';
import { celRule } from './rules/cel.js';
import { dateRule } from './rules/date.js';
import { emailRule } from './rules/email.js';
import { enumRule } from './rules/enum.js';
import { maxLengthRule } from './rules/max-length.js';
import { minLengthRule } from './rules/min-length.js';
import { patternRule } from './rules/pattern.js';
import { phoneRule } from './rules/phone.js';
import { rangeRule } from './rules/range.js';
import { referenceRule } from './rules/reference.js';
import { requiredRule } from './rules/required.js';
import { typeRule } from './rules/type.js';
import { uniqueRule } from './rules/unique.js';

/** Every built-in validation rule, in the docs' order. Adding one is a file under rules/ and a line here. */
export const rules: readonly RuleDefinition[] = [
  requiredRule,
  typeRule,
  patternRule,
  enumRule,
  rangeRule,
  minLengthRule,
  maxLengthRule,
  emailRule,
  phoneRule,
  dateRule,
  uniqueRule,
  referenceRule,
  celRule,
];

const byName: ReadonlyMap<string, RuleDefinition> = new Map(rules.map((r) => [r.name, r]));

export function findRule(name: string): RuleDefinition | undefined {
  return byName.get(name);
}
