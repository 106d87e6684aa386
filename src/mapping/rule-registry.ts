import type { RuleDefinition } from './rule.js';
import { emailRule } from './rules/email.js';
import { maxLengthRule } from './rules/max-length.js';
import { patternRule } from './rules/pattern.js';
import { requiredRule } from './rules/required.js';

/** Every built-in validation rule. Adding one is a file under rules/ and a line here. */
export const rules: readonly RuleDefinition[] = [requiredRule, patternRule, maxLengthRule, emailRule];

const byName: ReadonlyMap<string, RuleDefinition> = new Map(rules.map((r) => [r.name, r]));

export function findRule(name: string): RuleDefinition | undefined {
  return byName.get(name);
}
