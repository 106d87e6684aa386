import { didYouMean } from '../../core/did-you-mean.js';
import type { TableShape } from '../../core/table-shape.js';
import { columnKind } from '../../discovery/column-kind.js';
import type { FieldSpec } from '../../spec/schema.js';
import type { PlanRule, RuleHit } from '../plan-rule.js';
import {
  columnOf,
  describeShape,
  fromList,
  type SnapshotFlow,
  snapshotFlows,
  toList,
} from '../snapshot-flows.js';
import { isKindMismatch, writtenValue } from '../written-kind.js';

/** A target column by name; the target resolves names in any case, as SQL does. */
const targetColumn = (table: TableShape, name: string) =>
  columnOf(table, name) ?? table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());

const suggest = (name: string, table: TableShape): string => {
  const close = didYouMean(
    name,
    table.columns.map((c) => c.name),
  );
  return close === undefined ? '' : ` (did you mean "${close}"?)`;
};

/** Every (flow, field, index) pair of flows with explicit fields and a discovered table on `side`. */
function mappedFields(flows: readonly SnapshotFlow[], side: 'source' | 'target') {
  return flows.flatMap((f) => {
    const table = f[side];
    return table === undefined
      ? []
      : (f.flow.fields ?? []).map((field, index) => ({ ...f, table, field, index }));
  });
}

/**
 * Step 3, against what `syncline discover` stored (discovery/SYSTEM.json): the mapping names
 * columns that exist, fills the required ones, and writes values that fit. Without a snapshot
 * of a flow's systems these rules check nothing for it.
 */
export const snapshotRules: readonly PlanRule[] = [
  {
    code: 'SL303',
    step: 3,
    severity: 'error',
    title: 'mapped source field not in the source',
    meaning:
      'The mapping reads a field the discovered source table does not have: every record would carry an empty value there, or fail.',
    fix: 'correct from: to a column of the source (see discovery/SYSTEM.json), or run syncline discover SYSTEM again if the source changed',
    check: (input) => {
      const fields = mappedFields(snapshotFlows(input), 'source');
      const names = fields.flatMap((f) => fromList(f.field).map((field) => ({ ...f, column: field })));
      return {
        checked: names.length,
        hits: names
          .filter(({ table, column }) => columnOf(table, column) === undefined)
          .map(({ name, flow, table, index, column }) => ({
            path: ['flows', name, 'fields', index, 'from'],
            message: `flow "${name}" reads "${column}", but ${describeShape(flow.from.system, table)} has no such field${suggest(column, table)}`,
          })),
      };
    },
  },
  {
    code: 'SL304',
    step: 3,
    severity: 'error',
    title: 'target field not in the target',
    meaning:
      'The mapping writes a field the discovered target table does not have: the database refuses every record.',
    fix: 'correct to: to a column of the target (see discovery/SYSTEM.json), add the column to the target, or run syncline discover SYSTEM again',
    check: (input) => {
      const fields = mappedFields(snapshotFlows(input), 'target');
      const names = fields.flatMap((f) => toList(f.field).map((field) => ({ ...f, column: field })));
      return {
        checked: names.length,
        hits: names
          .filter(({ table, column }) => targetColumn(table, column) === undefined)
          .map(({ name, flow, table, index, column }) => ({
            path: ['flows', name, 'fields', index, 'to'],
            message: `flow "${name}" writes "${column}", but ${describeShape(flow.to.system, table)} has no such column${suggest(column, table)}`,
          })),
      };
    },
  },
  {
    code: 'SL305',
    step: 3,
    severity: 'error',
    title: 'required target column left unmapped',
    meaning:
      'A NOT NULL target column without a default gets no value from the flow: the database refuses every new record.',
    fix: 'map a field (or a value:) to the column, give the column a default in the target, or make it nullable',
    check: (input) => {
      const hits: RuleHit[] = [];
      let checked = 0;
      for (const { name, flow, source, target } of snapshotFlows(input)) {
        const mode = flow.to.mode ?? 'upsert';
        if (target === undefined || mode === 'update' || mode === 'delete') continue;
        const written = writtenColumns(flow.fields, source);
        if (written === undefined) continue;
        for (const column of target.columns) {
          if (column.nullable || column.hasDefault) continue;
          checked += 1;
          if (written.has(column.name.toLowerCase())) continue;
          hits.push({
            path: ['flows', name, flow.fields === undefined ? 'to' : 'fields'],
            message: `flow "${name}" leaves ${describeShape(flow.to.system, target)} column "${column.name}" empty, but it is NOT NULL without a default`,
          });
        }
      }
      return { checked, hits };
    },
  },
  {
    code: 'SL306',
    step: 3,
    severity: 'warning',
    title: 'value type does not match the target column',
    meaning:
      'The field writes text into a number or yes/no column, or a number into a date, with no transform that converts it: records fail at the database, or are read differently.',
    fix: "add a transform that yields the column's type (parse-number, boolean, parse-date), or map a field of that type",
    check: (input) => {
      const fields = mappedFields(snapshotFlows(input), 'target').filter((f) => toList(f.field).length === 1);
      const hits = fields.flatMap(({ name, flow, source, table, field, index }) => {
        const column = targetColumn(table, toList(field)[0] ?? '');
        if (column === undefined) return [];
        const written = writtenValue(field, sourceKind(field, source));
        const kind = columnKind(column.type);
        if (!isKindMismatch(written.kind, kind)) return [];
        return [
          {
            path: ['flows', name, 'fields', index],
            message: `flow "${name}" writes ${written.kind === 'number' ? 'a number' : `${written.kind} values`}${field.from === undefined ? '' : ` from "${fromList(field)[0]}"`} into ${describeShape(flow.to.system, table)} column "${column.name}" (${column.type}, ${kind})`,
          },
        ];
      });
      return { checked: fields.length, hits };
    },
  },
  {
    code: 'SL307',
    step: 3,
    severity: 'warning',
    title: 'source text longer than the target column',
    meaning:
      'The source column holds longer texts than the target column takes, and nothing shortens them: long values are refused (dead letters) at run time.',
    fix: 'set fit: { columns: { COLUMN: { tooLong: truncate } } } (or fit.tooLong: truncate) on the flow, add truncate(N), or widen the target column',
    check: (input) => {
      const fields = mappedFields(snapshotFlows(input), 'target').filter(
        (f) => f.source !== undefined && fromList(f.field).length === 1 && toList(f.field).length === 1,
      );
      const hits = fields.flatMap(({ name, flow, source, table, field, index }) => {
        const from = source === undefined ? undefined : columnOf(source, fromList(field)[0] ?? '');
        const column = targetColumn(table, toList(field)[0] ?? '');
        // A file's source has no limit, only the longest text its sample showed.
        const length = from?.maxLength ?? from?.longest;
        if (from === undefined || length === undefined || column?.maxLength === undefined) return [];
        if (length <= column.maxLength) return [];
        const written = writtenValue(field, columnKind(from.type));
        const policy = flow.fit?.columns?.[column.name]?.tooLong ?? flow.fit?.tooLong;
        if (!written.keepsLength || written.isCut || policy === 'truncate') return [];
        return [
          {
            path: ['flows', name, 'fields', index],
            message: `flow "${name}" writes "${from.name}" (${from.maxLength === undefined ? `texts of ${length} characters seen` : `up to ${length} characters`}) into ${describeShape(flow.to.system, table)} column "${column.name}", which holds ${column.maxLength}`,
          },
        ];
      });
      return { checked: fields.length, hits };
    },
  },
];

function sourceKind(field: FieldSpec, source: TableShape | undefined) {
  const from = fromList(field)[0];
  const column = source === undefined || from === undefined ? undefined : columnOf(source, from);
  return column === undefined ? undefined : columnKind(column.type);
}

/**
 * The target columns a flow writes, lower-cased: its mapped fields, or (copying by name) the
 * source's columns; undefined when a copying flow's source is not discovered.
 */
function writtenColumns(fields: readonly FieldSpec[] | undefined, source: TableShape | undefined) {
  if (fields !== undefined) return new Set(fields.flatMap(toList).map((n) => n.toLowerCase()));
  return source === undefined ? undefined : new Set(source.columns.map((c) => c.name.toLowerCase()));
}
