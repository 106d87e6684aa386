import { type Issue, issue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { FieldSpec, LookupTable, OnInvalid } from '../spec/schema.js';
import { compileField, type FieldRunner } from './compile-field.js';
import type { RuleDefinition } from './rule.js';
import { rules as builtInRules } from './rule-registry.js';
import type { TransformDefinition } from './transform.js';
import { transforms as builtInTransforms } from './transform-registry.js';

/**
 * The result of mapping one record. Not ok: the record goes to the dead letters with `issues`
 * (every failing field, not only the first), and `stop` says a field with onInvalid: stop
 * failed, so the run must end. Ok: `warnings` holds the issues of fields with onInvalid: warn.
 */
export type MapOutcome =
  | { readonly ok: true; readonly row: Row; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly stop: boolean };

/** A compiled mapping: synchronous, pure, no spec interpretation per record. */
export type RowMapper = (row: Row) => MapOutcome;

export interface CompileMappingOptions {
  /** Named tables from the spec's `lookups:`. */
  readonly lookups?: Readonly<Record<string, LookupTable>>;
  /** The flow's policy, used by fields without their own onInvalid. */
  readonly onInvalid: OnInvalid;
  /** The transform library; the built-in one when not given. */
  readonly transforms?: readonly TransformDefinition[];
  /** The rule library; the built-in one when not given. */
  readonly rules?: readonly RuleDefinition[];
}

export type CompileMappingResult =
  | {
      readonly ok: true;
      readonly map: RowMapper;
      /** Fields written, in order; empty when fields are copied by name. */
      readonly targetFields: readonly string[];
      /** Source fields read, each once, in order; empty when fields are copied by name. */
      readonly sourceFields: readonly string[];
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

const noIssues: readonly Issue[] = Object.freeze([]);

/**
 * Compiles a flow's `fields:` into a RowMapper, or returns every problem at once with paths
 * relative to the flow (`fields[3].transform`). Without `fields`, records are copied by name.
 */
export function compileMapping(
  fields: readonly FieldSpec[] | undefined,
  options: CompileMappingOptions,
): CompileMappingResult {
  if (fields === undefined) return { ok: true, map: copyRow, targetFields: [], sourceFields: [] };
  if (fields.length === 0) {
    return {
      ok: false,
      issues: [
        issue('no-fields', 'fields', 'fields: is empty, so every record would be written empty', {
          hint: 'add field mappings, or remove fields: to copy fields by name',
        }),
      ],
    };
  }

  const transforms = new Map((options.transforms ?? builtInTransforms).map((t) => [t.name, t]));
  const rules = new Map((options.rules ?? builtInRules).map((r) => [r.name, r]));
  const fieldOptions = { lookups: options.lookups ?? {}, onInvalid: options.onInvalid, transforms, rules };

  const issues: Issue[] = [];
  const runners: FieldRunner[] = [];
  const writtenBy = new Map<string, number>();
  const sourceFields = new Set<string>();
  fields.forEach((field, index) => {
    const compiled = compileField(field, index, fieldOptions);
    for (const target of typeof field.to === 'string' ? [field.to] : new Set(field.to)) {
      const earlier = writtenBy.get(target);
      if (earlier === undefined) writtenBy.set(target, index);
      else {
        issues.push(
          issue(
            'duplicate-target',
            `fields[${index}].to`,
            `target field "${target}" is already written by fields[${earlier}]`,
            {
              hint: 'write each target field once; combine the sources with join(...) if both are needed',
            },
          ),
        );
      }
    }
    if (!compiled.ok) {
      issues.push(...compiled.issues);
      return;
    }
    runners.push(compiled.runner);
    for (const source of compiled.sources) sourceFields.add(source);
  });
  if (issues.length > 0) return { ok: false, issues };

  const count = runners.length;
  const map: RowMapper = function mapRow(row) {
    const out: Record<string, unknown> = {};
    let warnings: Issue[] | undefined;
    let failures: Issue[] | undefined;
    let stop = false;
    for (let i = 0; i < count; i++) {
      const runner = runners[i] as FieldRunner;
      const found = runner.run(row, out);
      if (found === undefined) continue;
      if (runner.policy === 'warn') {
        warnings = warnings ?? [];
        warnings.push(...found);
      } else {
        failures = failures ?? [];
        failures.push(...found);
        if (runner.policy === 'stop') stop = true;
      }
    }
    if (failures !== undefined) return { ok: false, issues: failures, stop };
    return { ok: true, row: out, warnings: warnings ?? noIssues };
  };
  return { ok: true, map, targetFields: [...writtenBy.keys()], sourceFields: [...sourceFields] };
}

function copyRow(row: Row): MapOutcome {
  return { ok: true, row: { ...row }, warnings: noIssues };
}
