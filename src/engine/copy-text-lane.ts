import type { Source, Target } from '../core/connector.js';
import type {
  CopyTextColumn,
  CopyTextFormat,
  CopyTextMapper,
  CopyTextPlan,
  CopyTextReader,
  CopyTextWriter,
} from '../core/copy-text.js';
import { isIssue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { ValueMapper } from '../mapping/compile-field.js';
import type { CompileMappingResult, RowMapper } from '../mapping/compile-mapping.js';
import { isMissing } from '../mapping/is-missing.js';
import { parseSteps } from '../mapping/parse-steps.js';
import type { FieldSpec } from '../spec/schema.js';
import type { CompiledFlow } from './compiled-flow.js';
import { fitted } from './target-limits/fit-flow.js';
import type { RowFitter } from './target-limits/fit-to-target.js';

/** A flow's COPY text lane for this run (0049): how to read, map and write its batches as text. */
export interface CopyTextLane {
  readonly reader: CopyTextReader;
  readonly writer: CopyTextWriter;
  /** Target columns of the mapped lines, in order. */
  readonly columns: readonly string[];
  readonly map: CopyTextMapper;
  /** How the batches travel: text, or binary when both ends take it and every mapped column is text (0052). */
  readonly format: CopyTextFormat;
  /** Target columns copied byte for byte from the source. */
  readonly verbatim: readonly string[];
  /** Target columns mapped from one source value each, without a record. */
  readonly byValue: readonly string[];
  /** The target the lane writes to. */
  readonly target: Target;
}

/** The lane, or why the flow runs on the row path only. */
export type LanePlan = { readonly lane: CopyTextLane } | { readonly reason: string };

/**
 * Types whose COPY text means the same value to any PostgreSQL server with the session
 * settings syncline sets (UTC, ISO dates), and which the fit never changes: a source field of
 * one of these, copied unchanged to a column of the very same type, travels as its bytes.
 * Text types are left out on purpose: the fit may still change them (empty: null, charsets).
 */
const verbatimType =
  /^(smallint|integer|bigint|numeric(\(\d+(,\d+)?\))?|real|double precision|boolean|date|uuid|jsonb?|bytea|(time|timestamp)(\(\d\))? with(out)? time zone)$/;

/**
 * Decides whether this run's batches can take the COPY text lane, and compiles it. Only when
 * the lane changes nothing a user can see: the source and target speak the same COPY text, the
 * write is an insert or upsert, no journal is kept (it needs the rows), and every field either
 * copies a column verbatim or is mapped — with the flow's own transforms, rules, lookups and
 * fit — from decoded values. A batch the lane cannot take cleanly goes the row path.
 */
export function planCopyTextLane(
  flow: CompiledFlow,
  source: Source,
  target: Target,
  fitter: RowFitter | undefined,
): LanePlan {
  const reader = source.copyText;
  const writer = target.copyText;
  if (reader === undefined || writer === undefined)
    return { reason: 'source or target does not offer COPY text' };
  if (reader.dialect !== writer.dialect) return { reason: 'source and target speak different COPY text' };
  const { mode } = flow.target;
  if (mode !== 'insert' && mode !== 'upsert') return { reason: `mode ${mode}` };
  if (flow.spec.rollback === 'journal') return { reason: 'rollback: journal keeps the rows written' };
  const fields = flow.spec.fields;
  if (fields === undefined || flow.compileFields === undefined)
    return { reason: 'fields are copied by name' };
  if (fields.some((field) => usesRunState(field)))
    return { reason: 'a rule keeps state across records (unique)' };

  const sourceColumns = new Map(reader.columns.map((c) => [c.name, c]));
  const targetColumns = new Map(writer.columns.map((c) => [c.name, c]));
  const keys = new Set(flow.target.key);
  const isVerbatim = (field: FieldSpec): field is FieldSpec & { from: string; to: string } =>
    copiesOnly(field) &&
    flow.spec.fit?.columns?.[field.to as string] === undefined &&
    sameVerbatimType(sourceColumns.get(field.from as string), targetColumns.get(field.to as string));
  const verbatim = fields.filter(isVerbatim);
  const copies = new Map(verbatim.map((field) => [field as FieldSpec, field]));
  const rest = fields.filter((field) => !copies.has(field));
  const compiled = rest.length === 0 ? mapsNothing : flow.compileFields(rest);
  if (!compiled.ok) return { reason: 'the remaining fields do not compile alone' };
  // A field that maps one source value on its own is converted value by value: no record.
  const alone = new Map<FieldSpec, ValueMapper>();
  rest.forEach((field, index) => {
    const mapValue = compiled.valueMappers[index];
    if (mapValue !== undefined && sourceColumns.has(field.from as string)) alone.set(field, mapValue);
  });
  const byRecord = rest.filter((field) => !alone.has(field));
  const recordMapping =
    byRecord.length === rest.length
      ? compiled
      : byRecord.length === 0
        ? mapsNothing
        : flow.compileFields(byRecord);
  if (!recordMapping.ok) return { reason: 'the remaining fields do not compile alone' };
  for (const name of recordMapping.sourceFields)
    if (!sourceColumns.has(name))
      return { reason: `the mapping reads "${name}", which the source lines lack` };

  const output: CopyTextPlan['output'][number][] = [];
  const columns: string[] = [];
  for (const field of fields) {
    const copy = copies.get(field);
    if (copy !== undefined) {
      const column = targetColumns.get(copy.to) as CopyTextColumn;
      output.push({ verbatim: copy.from, notNull: column.notNull || keys.has(copy.to) });
      columns.push(copy.to);
      continue;
    }
    for (const to of typeof field.to === 'string' ? [field.to] : field.to) {
      const column = targetColumns.get(to);
      if (column === undefined) return { reason: `the target has no column "${to}"` };
      const mapValue = alone.get(field);
      output.push(
        mapValue === undefined
          ? { mapped: to, type: column.type }
          : {
              from: field.from as string,
              type: column.type,
              convert: converter(mapValue, fitter?.column(to), keys.has(to)),
            },
      );
      columns.push(to);
    }
  }
  const mappedKeys = flow.target.key.filter((k) => recordMapping.targetFields.includes(k));
  const mapRest = fitter === undefined ? recordMapping.map : fitted(recordMapping.map, fitter);
  const map = (row: Row) => {
    const outcome = mapRest(row);
    // The row path dead-letters a record whose target key is empty (processBatch): leave it to it.
    if (outcome.ok && mappedKeys.some((k) => isMissing(outcome.row[k]))) return { ok: false } as const;
    return outcome;
  };
  const plan: CopyTextPlan = { output, reads: recordMapping.sourceFields, map };
  const binary =
    reader.formats.includes('binary') && writer.formats.includes('binary')
      ? reader.compile(plan, 'binary')
      : undefined;
  const text = binary === undefined ? reader.compile(plan, 'text') : undefined;
  const laneMap = binary ?? text;
  if (laneMap === undefined) return { reason: 'the source cannot map these fields as COPY text' };
  return {
    lane: {
      reader,
      writer,
      columns,
      map: laneMap,
      format: binary === undefined ? 'text' : 'binary',
      verbatim: verbatim.map((field) => field.to),
      byValue: [...alone.keys()].map((field) => field.to as string),
      target,
    },
  };
}

/**
 * One field's value mapped, fitted and, for a key, checked as processBatch would: undefined
 * when anything is not clean, so that the batch takes the row path.
 */
function converter(
  mapValue: ValueMapper,
  fitColumn: ((value: unknown) => unknown) | undefined,
  isKey: boolean,
): (value: unknown) => unknown {
  return (value) => {
    const mapped = mapValue(value);
    if (mapped === undefined || isIssue(mapped)) return undefined;
    const fitted = fitColumn === undefined ? mapped : fitColumn(mapped);
    return isKey && isMissing(fitted) ? undefined : fitted;
  };
}

const nothing: RowMapper = () => ({ ok: true, row: {}, warnings: [] });
const mapsNothing: CompileMappingResult = {
  ok: true,
  map: nothing,
  sourceFields: [],
  targetFields: [],
  valueMappers: [],
  forRun: () => nothing,
};

/** `{ from: a, to: b }` and nothing that could change the value (notes are fine). */
function copiesOnly(field: FieldSpec): boolean {
  return (
    typeof field.from === 'string' &&
    typeof field.to === 'string' &&
    field.value === undefined &&
    (field.transform === undefined || field.transform.length === 0) &&
    (field.validate === undefined || field.validate.length === 0) &&
    field.default === undefined
  );
}

function sameVerbatimType(source: CopyTextColumn | undefined, target: CopyTextColumn | undefined): boolean {
  return (
    source !== undefined &&
    target !== undefined &&
    source.type === target.type &&
    verbatimType.test(source.type)
  );
}

/** A `unique` rule remembers the values of earlier records: one mapper must see every record. */
function usesRunState(field: FieldSpec): boolean {
  if (field.validate === undefined) return false;
  const parsed = parseSteps(field.validate);
  // Steps that do not parse never compiled; the lane stays off rather than guess.
  return !parsed.ok || parsed.steps.some((step) => step.name === 'unique');
}
