import type { ColumnShape, TableShape } from '../core/table-shape.js';
import type { FieldSpec, FlowSpec } from '../spec/schema.js';
import type { PlanInput } from './plan-rule.js';
import { snapshotTableOf } from './snapshot-table.js';

/** A flow with the discovered tables it reads and writes (either may be unknown). */
export interface SnapshotFlow {
  readonly name: string;
  readonly flow: FlowSpec;
  readonly source?: TableShape | undefined;
  readonly target?: TableShape | undefined;
}

/** The flows whose source or target a discovery snapshot describes. */
export function snapshotFlows({ spec, evidence }: PlanInput): SnapshotFlow[] {
  return Object.entries(spec.flows ?? {}).flatMap(([name, flow]) => {
    const source = snapshotTableOf(evidence.snapshots, flow.from);
    const target = snapshotTableOf(evidence.snapshots, flow.to);
    return source === undefined && target === undefined ? [] : [{ name, flow, source, target }];
  });
}

/** `crm table "customers"`: how findings name a discovered table. */
export const describeShape = (system: string, table: TableShape): string =>
  `${system} ${table.kind} "${table.name}"`;

export const columnOf = (table: TableShape, name: string): ColumnShape | undefined =>
  table.columns.find((column) => column.name === name);

/** A field's sources and targets as lists. */
export const fromList = (field: FieldSpec): readonly string[] =>
  field.from === undefined ? [] : [field.from].flat();
export const toList = (field: FieldSpec): readonly string[] => [field.to].flat();
