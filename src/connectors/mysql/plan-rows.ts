import type { RejectedRow } from '../../core/connector.js';
import { isIssue, recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { type ColumnLiteral, columnLiteral } from './column-literal.js';
import { type MysqlColumn, type MysqlTableInfo, requireColumns } from './describe-mysql-table.js';
import type { PlannedRow, TargetMode } from './write-batch.js';
import type { WriteShape } from './write-statements.js';

/** The columns one row writes, with each column's literal maker; shared by rows of that shape. */
interface RowShape {
  readonly id: string;
  readonly shape: WriteShape;
  readonly literals: readonly ColumnLiteral[];
}

/** A batch's rows on their way to the statements: the rejects known at once, the rest planned lazily. */
export interface BatchPlan {
  /** Rows refused before any value is looked at (no key, nothing to write). */
  readonly rejected: RejectedRow[];
  /** How many rows `planned` yields. */
  readonly count: number;
  /** Each remaining row's literals, or its reject; made as the statements need them. */
  readonly planned: Iterable<PlannedRow | RejectedRow>;
}

/**
 * Plans the rows of a batch for the multi-row statements. Every row's shape is worked out and
 * checked against the table first (an unknown column fails the batch before anything is sent);
 * the literals are made row by row as the statements are built, so a batch's literals never
 * all live at once and the next statement is built while the server runs the last one.
 */
export function createRowPlanner(info: MysqlTableInfo, system: string, maxAllowedPacket: number) {
  const shapes = new Map<string, RowShape>();
  const literalOf = new Map<string, ColumnLiteral>();

  function shapeFor(mode: TargetMode, key: readonly string[], columns: readonly string[]): RowShape {
    const id = `${mode}\u0000${key.join('\u0001')}\u0000${columns.join('\u0001')}`;
    let shape = shapes.get(id);
    if (shape === undefined) {
      // A new row shape: its columns are checked once, before anything of the batch is written.
      requireColumns(info, system, columns, 'column', 'write');
      if (shapes.size > 256) shapes.clear();
      shape = {
        id,
        shape: { table: info.name, key, columns },
        literals: columns.map((column) => {
          let literal = literalOf.get(column);
          if (literal === undefined) {
            // requireColumns above: every column of the shape exists.
            literal = columnLiteral(info.column.get(column) as MysqlColumn);
            literalOf.set(column, literal);
          }
          return literal;
        }),
      };
      shapes.set(id, shape);
    }
    return shape;
  }

  return function planBatch(rows: readonly Row[], mode: TargetMode, key: readonly string[]): BatchPlan {
    const rejected: RejectedRow[] = [];
    const shaped: (RowShape | undefined)[] = new Array(rows.length);
    let count = 0;
    // Rows of a batch mostly share their keys: the last shape is tried before building an id.
    let lastKeys: readonly string[] = [];
    let last: RowShape | undefined;
    rows.forEach((row, index) => {
      if (mode !== 'insert') {
        const missing = key.find((k) => row[k] === null || row[k] === undefined);
        if (missing !== undefined) {
          const issue = recordIssue('key-missing', missing, `Key column "${missing}" has no value`, {
            stage: 'write',
          });
          rejected.push({ index, issue });
          return;
        }
      }
      if (mode === 'delete') {
        shaped[index] = shapeFor(mode, key, key);
        count++;
        return;
      }
      const keys = Object.keys(row);
      if (last !== undefined && sameDefinedKeys(row, keys, lastKeys)) {
        shaped[index] = last;
        count++;
        return;
      }
      const columns = keys.filter((c) => row[c] !== undefined);
      if (columns.length === 0) {
        rejected.push({
          index,
          issue: recordIssue('empty-row', '', 'The row has no values to write', { stage: 'write' }),
        });
        return;
      }
      const shape = shapeFor(mode, key, columns);
      if (columns.length === keys.length) {
        last = shape;
        lastKeys = keys;
      }
      shaped[index] = shape;
      count++;
    });
    return { rejected, count, planned: planRows(rows, shaped) };
  };

  function* planRows(
    rows: readonly Row[],
    shaped: readonly (RowShape | undefined)[],
  ): Iterable<PlannedRow | RejectedRow> {
    for (let index = 0; index < rows.length; index++) {
      const shape = shaped[index];
      if (shape !== undefined) yield planRow(rows[index] as Row, index, shape);
    }
  }

  /** A row's literals, or the Issue that keeps it from being written. */
  function planRow(
    row: Row,
    index: number,
    { id, shape, literals: makers }: RowShape,
  ): PlannedRow | RejectedRow {
    const literals: string[] = new Array(makers.length);
    let length = 0;
    for (let i = 0; i < makers.length; i++) {
      const literal = (makers[i] as ColumnLiteral)(row[shape.columns[i] as string]);
      if (isIssue(literal)) return { index, issue: literal };
      literals[i] = literal;
      length += literal.length + 2;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit: measured exactly only when that may not fit.
    let bytes = 3 * length;
    if (bytes + 256 > maxAllowedPacket - 4096)
      bytes = literals.reduce((sum, l) => sum + Buffer.byteLength(l) + 2, 0);
    if (bytes + 256 > maxAllowedPacket - 4096) {
      const issue = recordIssue(
        'row-too-large',
        '',
        `The row does not fit in one statement: the server's max_allowed_packet is ${maxAllowedPacket} bytes`,
        { stage: 'write', hint: 'Raise max_allowed_packet on the server, or leave the large values out.' },
      );
      return { index, issue };
    }
    return { index, shape, shapeId: id, literals, bytes };
  }
}

/** The row has exactly `expected` as keys, in that order, none of them undefined. */
function sameDefinedKeys(row: Row, keys: readonly string[], expected: readonly string[]): boolean {
  if (keys.length !== expected.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (k !== expected[i] || row[k] === undefined) return false;
  }
  return true;
}
