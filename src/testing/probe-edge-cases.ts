import type { Row } from '../core/row.js';
import type { RowMapper } from '../mapping/compile-mapping.js';
import { showValue } from '../mapping/show-value.js';
import type { EdgeValue } from './edge-values.js';

/** Something a generated input breaks, with the first record that shows it. */
export interface Finding {
  /** too-long, unencodable, null-not-allowed (the target's limits), crash, broken-text. */
  readonly code: string;
  /** What it is, in a few words: "length overflow", "encoding problem". */
  readonly kind: string;
  readonly sourceField: string;
  readonly targetField: string;
  /** The first input that triggers it: its label and the value. */
  readonly input: string;
  readonly record: Row;
  readonly message: string;
  /** What happens to such a record in a run. */
  readonly outcome: string;
  readonly fix: string;
  /** How many generated cases trigger it. */
  count: number;
}

export interface ProbeSummary {
  readonly cases: number;
  readonly fields: readonly string[];
  /** Refused by a validation rule or a transform, with a reason: handled as the mapping says. */
  readonly rejectedAsSpecified: number;
  /** Written after the target fit changed them (truncated, transliterated): listed as warnings in a run. */
  readonly fitted: number;
  readonly findings: readonly Finding[];
}

const limitKinds: Record<string, string> = {
  'too-long': 'length overflow',
  unencodable: 'encoding problem',
  'null-not-allowed': 'NOT NULL violation',
};

/**
 * Tries every edge value in every source field of the base records, one field at a time, and
 * keeps what breaks: a value the target cannot hold (its length, charset or NOT NULL — the
 * record would become a dead letter), text the mapping corrupts (a lone surrogate or U+FFFD it
 * did not get), or a transform that throws (the whole batch would fail).
 */
export function probeEdgeCases(
  newMapper: () => RowMapper,
  bases: readonly Row[],
  fields: readonly string[],
  values: readonly EdgeValue[],
  key: readonly string[] = [],
): ProbeSummary {
  const findings = new Map<string, Finding>();
  let cases = 0;
  let rejectedAsSpecified = 0;
  let fitted = 0;
  const note = (key: string, make: () => Omit<Finding, 'count'>) => {
    const found = findings.get(key);
    if (found) found.count++;
    else findings.set(key, { ...make(), count: 1 });
  };
  const base = bases[0] ?? {};
  let shared = newMapper();
  for (const field of fields) {
    for (const edge of values) {
      cases++;
      const record: Record<string, unknown> = { ...base };
      if (edge.value === undefined) delete record[field];
      else record[field] = edge.value;
      const input = `${recordName(base, key)}${field} = ${describe(edge)}`;
      let outcome: ReturnType<RowMapper>;
      try {
        outcome = shared(record);
        // A unique-within-run rule remembers earlier cases: such a case is tried again afresh.
        if (!outcome.ok && outcome.issues.some((i) => i.code === 'duplicate')) {
          shared = newMapper();
          outcome = shared(record);
        }
      } catch (error) {
        note(`crash ${field}`, () => ({
          code: 'crash',
          kind: 'transform error',
          sourceField: field,
          targetField: '',
          input,
          record,
          message: `the mapping throws: ${(error as Error).message}`,
          outcome: 'the whole batch fails',
          fix: 'guard the field with a validate rule or default(...) before the transform that throws',
        }));
        continue;
      }
      if (!outcome.ok) {
        const limits = outcome.issues.filter((issue) => issue.code in limitKinds);
        if (limits.length === 0) rejectedAsSpecified++;
        for (const issue of limits) {
          note(`${issue.code} ${issue.path}`, () => ({
            code: issue.code,
            kind: limitKinds[issue.code] ?? issue.code,
            sourceField: field,
            targetField: issue.path,
            input,
            record,
            message: issue.message,
            outcome: 'the record becomes a dead letter',
            fix: issue.hint ?? '',
          }));
        }
        continue;
      }
      if (outcome.warnings.some((w) => w.code === 'truncated' || w.code === 'characters-replaced')) fitted++;
      for (const [target, value] of Object.entries(outcome.row)) {
        if (typeof value !== 'string' || !breaksText(value, edge.value)) continue;
        note(`broken-text ${target}`, () => ({
          code: 'broken-text',
          kind: 'encoding problem',
          sourceField: field,
          targetField: target,
          input,
          record,
          message: `${target} would be written as ${showValue(value)}: half a character (a lone surrogate) or U+FFFD, which no database stores as it is`,
          outcome: 'the target stores "?" or refuses the batch, depending on the driver',
          fix: `add replace('[\\uD800-\\uDFFF]', '') or a transliterate step to the field, or set a fit: policy`,
        }));
      }
    }
  }
  return { cases, fields, rejectedAsSpecified, fitted, findings: [...findings.values()] };
}

function breaksText(output: string, input: unknown): boolean {
  if (hasLoneSurrogate(output)) return true;
  return output.includes('\uFFFD') && !(typeof input === 'string' && input.includes('\uFFFD'));
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

function describe(edge: EdgeValue): string {
  if (typeof edge.value === 'string' && edge.value.length > 40 && !edge.label.includes('characters'))
    return `${showValue(edge.value)} (${edge.label}, ${[...edge.value].length} characters)`;
  return `${showValue(edge.value)} (${edge.label})`;
}

/** `record id=1 with ` — the base record the value was put into. */
function recordName(base: Row, key: readonly string[]): string {
  const named = key.filter((k) => base[k] !== undefined);
  if (named.length === 0) return '';
  return `record ${named.map((k) => `${k}=${showValue(base[k])}`).join(', ')} with `;
}
