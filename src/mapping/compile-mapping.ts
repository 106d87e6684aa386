import { type Issue, issue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import { isLookupFile, isLookupSystem } from '../spec/lookup-kind.js';
import type { FieldSpec, LookupSpec, LookupTable, OnInvalid } from '../spec/schema.js';
import { compileField, type FieldRunner, type ValueMapper } from './compile-field.js';
import type { RuleDefinition } from './rule.js';
import { rules as builtInRules } from './rule-registry.js';
import type { CompileContext, RecordHook, TransformDefinition } from './transform.js';
import { transforms as builtInTransforms } from './transform-registry.js';

/**
 * The result of mapping one record. Not ok: the record goes to the dead letters with `issues`
 * (every failing field, not only the first), and `stop` says a field with onInvalid: stop
 * failed, so the run must end. Ok: `warnings` holds the issues of fields with onInvalid warn,
 * default or drop-field (the last two say what was written instead).
 */
export type MapOutcome =
  | { readonly ok: true; readonly row: Row; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly stop: boolean };

/** A compiled mapping: synchronous, pure, no spec interpretation per record. */
export type RowMapper = (row: Row) => MapOutcome;

export interface CompileMappingOptions {
  /**
   * Named tables from the spec's `lookups:`, with the file tables loaded by loadLookupTables.
   * A file table still given as `{file, key, value}` is reported where a step uses it.
   */
  readonly lookups?: Readonly<Record<string, LookupSpec>>;
  /** The flow's policy, used by fields without their own onInvalid. */
  readonly onInvalid: OnInvalid;
  /** The transform library; the built-in one when not given. */
  readonly transforms?: readonly TransformDefinition[];
  /** The rule library; the built-in one when not given. */
  readonly rules?: readonly RuleDefinition[];
  /**
   * The source's fields, when known (connector schema, discovery); `cel(...)` expressions may
   * name only these. Default: every `from` of the mapping.
   */
  readonly sourceFields?: readonly string[];
  /**
   * Resolves a secret reference in a step argument (`hash(salt: '${env:SALT}')`), or returns
   * undefined. Without it such steps compile, but refuse every value: see CompileContext.
   */
  readonly resolveSecret?: (reference: string) => string | undefined;
}

export type CompileMappingResult =
  | {
      readonly ok: true;
      readonly map: RowMapper;
      /** Fields written, in order; empty when fields are copied by name. */
      readonly targetFields: readonly string[];
      /** Source fields read, each once, in order; empty when fields are copied by name. */
      readonly sourceFields: readonly string[];
      /**
       * Per field, in order: the field as a function of its one source value, when it
       * qualifies (compile-field.ts, ValueMapper); empty when fields are copied by name.
       */
      readonly valueMappers: readonly (ValueMapper | undefined)[];
      /**
       * A mapper with fresh per-run state (the values `unique` has seen). `map` is the first
       * one; the engine calls forRun() at the start of every later run of the same compiled
       * flow. Compiling again gives the same mapper: compilation is pure.
       */
      readonly forRun: () => RowMapper;
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
  if (fields === undefined)
    return {
      ok: true,
      map: copyRow,
      targetFields: [],
      sourceFields: [],
      valueMappers: [],
      forRun: () => copyRow,
    };
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
  const { tables, unloaded } = splitLookups(options.lookups ?? {});
  const rowFields = options.sourceFields ?? [
    ...new Set(fields.flatMap((field) => (field.from === undefined ? [] : [field.from].flat()))),
  ];
  const hooks: RecordHook[] = [];
  const context: Omit<CompileContext, 'targets' | 'sources'> = {
    lookups: tables,
    rowFields,
    unloadedLookups: unloaded,
    onRecordDone: (hook) => hooks.push(hook),
    ...(options.resolveSecret === undefined ? {} : { resolveSecret: options.resolveSecret }),
  };
  const fieldOptions = { context, onInvalid: options.onInvalid, transforms, rules };

  const issues: Issue[] = [];
  const runners: FieldRunner[] = [];
  const valueMappers: (ValueMapper | undefined)[] = [];
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
    valueMappers.push(compiled.value);
    for (const source of compiled.sources) sourceFields.add(source);
  });
  if (issues.length > 0) return { ok: false, issues };

  const map = rowMapper(runners, [...writtenBy.keys()], hooks);
  const forRun = (): RowMapper => {
    const again = compileMapping(fields, options);
    return again.ok ? again.map : map;
  };
  return {
    ok: true,
    map,
    targetFields: [...writtenBy.keys()],
    sourceFields: [...sourceFields],
    valueMappers,
    forRun,
  };
}

// Marks a target not written yet in a record's output; never leaves mapRow.
const unset: unique symbol = Symbol('syncline.unset');

function rowMapper(
  runners: readonly FieldRunner[],
  targets: readonly string[],
  hooks: readonly RecordHook[],
): RowMapper {
  const count = runners.length;
  const runs = runners.map((runner) => runner.run);
  // Policies that write the record anyway report their issues as warnings.
  const isLenient = runners.map((runner) => runner.policy !== 'dead-letter' && runner.policy !== 'stop');
  const isStop = runners.map((runner) => runner.policy === 'stop');
  const hookCount = hooks.length;
  // Every record's output starts as a copy of this: all targets, in order, not yet written. A
  // copy of one shape is much cheaper than growing an empty object key by key, and writing
  // fields then only replaces values. A field that writes nothing (drop-field, an absent
  // source under warn) always reports an issue, so only records with issues need sweeping.
  const template: Record<string, unknown> = {};
  for (const target of targets) template[target] = unset;
  return function mapRow(row) {
    const out: Record<string, unknown> = { ...template };
    let warnings: Issue[] | undefined;
    let failures: Issue[] | undefined;
    let stop = false;
    for (let i = 0; i < count; i++) {
      const found = (runs[i] as FieldRunner['run'])(row, out);
      if (found === undefined) continue;
      if (isLenient[i]) {
        warnings = warnings ?? [];
        warnings.push(...found);
      } else {
        failures = failures ?? [];
        failures.push(...found);
        if (isStop[i]) stop = true;
      }
    }
    if (failures !== undefined) {
      for (let h = 0; h < hookCount; h++) (hooks[h] as RecordHook).discard();
      return { ok: false, issues: failures, stop };
    }
    for (let h = 0; h < hookCount; h++) (hooks[h] as RecordHook).commit();
    if (warnings === undefined) return { ok: true, row: out, warnings: noIssues };
    return { ok: true, row: withoutUnset(out), warnings };
  };
}

function withoutUnset(out: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in out) if (out[key] !== unset) kept[key] = out[key];
  return kept;
}

/** Loaded tables, and the file tables that were not loaded (name -> file). */
function splitLookups(lookups: Readonly<Record<string, LookupSpec>>): {
  tables: Record<string, LookupTable>;
  unloaded: Map<string, string>;
} {
  const tables: Record<string, LookupTable> = {};
  const unloaded = new Map<string, string>();
  for (const [name, entry] of Object.entries(lookups)) {
    if (isLookupFile(entry)) unloaded.set(name, entry.file);
    else if (isLookupSystem(entry)) unloaded.set(name, `system ${entry.from.system}`);
    else tables[name] = entry;
  }
  return { tables, unloaded };
}

function copyRow(row: Row): MapOutcome {
  return { ok: true, row: { ...row }, warnings: noIssues };
}
