import { quoteIdentifier as q, quoteList } from './quote-identifier.js';

/**
 * The multi-row statements of the mysql target. Each row arrives as escaped SQL literals, one
 * per column, in `columns` order; one statement writes a chunk of rows of the same shape, and
 * the same builders with a single row give the row-by-row statements.
 */

export type WriteShape = {
  readonly table: string;
  readonly key: readonly string[];
  readonly columns: readonly string[];
};

export type Literals = readonly string[];

/**
 * `INSERT ... VALUES (..), (..)`, for upsert with `ON DUPLICATE KEY UPDATE c = VALUES(c)`:
 * MariaDB rejects MySQL 8's `AS new` row alias, and VALUES() works on both (MySQL 8.0.20+
 * merely deprecates it, with a warning that the target ignores).
 *
 * ON DUPLICATE KEY fires on a clash with *any* unique index. When the table has unique
 * indexes besides the key, a new key whose other unique value belongs to an existing row would
 * silently update that row; `guard` (a NOT NULL key column) is then set to NULL unless the
 * clashing row has the same key, so the strict session refuses the row instead (the target
 * reports it as a duplicate).
 */
export function insertSql(shape: WriteShape, rows: readonly Literals[], upsert?: { guard?: string }): string {
  const insert = `INSERT INTO ${q(shape.table)} (${quoteList(shape.columns)}) VALUES ${valuesList(rows)}`;
  if (upsert === undefined) return insert;
  const assignments: string[] = [];
  if (upsert.guard !== undefined) {
    const sameKey = shape.key.map((k) => `${q(k)} <=> VALUES(${q(k)})`).join(' AND ');
    assignments.push(`${q(upsert.guard)} = IF(${sameKey}, ${q(upsert.guard)}, NULL)`);
  }
  for (const column of shape.columns) {
    if (!shape.key.includes(column)) assignments.push(`${q(column)} = VALUES(${q(column)})`);
  }
  // Nothing but the key to set: a no-op assignment keeps an existing row as it is.
  if (assignments.length === 0)
    assignments.push(`${q(shape.key[0] as string)} = ${q(shape.key[0] as string)}`);
  return `${insert} ON DUPLICATE KEY UPDATE ${assignments.join(', ')}`;
}

/**
 * `(a, b), (c, d)`. Appended piece by piece rather than joined: V8 then links the literals
 * and copies the text once, when the driver encodes the statement, where nested joins copy a
 * bulk write's every byte twice more.
 */
function valuesList(rows: readonly Literals[]): string {
  let text = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Literals;
    text += r === 0 ? '(' : '), (';
    for (let i = 0; i < row.length; i++) text += i === 0 ? row[i] : `, ${row[i]}`;
  }
  return `${text})`;
}

/**
 * `UPDATE t SET c = CASE WHEN <key 1> THEN v1 WHEN ... ELSE c END WHERE <key> IN (...)`: one
 * statement for many rows that only constants compare with the key (so the key index is used
 * and no collation mix-up can arise, as it can when joining a derived table). The session's
 * FOUND_ROWS makes affectedRows the number of rows matched.
 */
export function updateSql(shape: WriteShape, rows: readonly Literals[]): string {
  const keyIndexes = shape.key.map((k) => shape.columns.indexOf(k));
  const others = shape.columns.map((c, i) => [c, i] as const).filter(([c]) => !shape.key.includes(c));
  const where = keyIn(
    shape.key,
    rows.map((row) => keyIndexes.map((i) => row[i] as string)),
  );
  if (others.length === 0) {
    const first = q(shape.key[0] as string);
    return `UPDATE ${q(shape.table)} SET ${first} = ${first} WHERE ${where}`;
  }
  if (rows.length === 1) {
    const row = rows[0] as Literals;
    const set = others.map(([c, i]) => `${q(c)} = ${row[i]}`).join(', ');
    return `UPDATE ${q(shape.table)} SET ${set} WHERE ${where}`;
  }
  const matches = rows.map((row) =>
    keyMatch(
      shape.key,
      keyIndexes.map((i) => row[i] as string),
    ),
  );
  const set = others
    .map(([c, i]) => {
      const cases = rows.map((row, r) => `WHEN ${matches[r]} THEN ${row[i]}`).join(' ');
      return `${q(c)} = CASE ${cases} ELSE ${q(c)} END`;
    })
    .join(', ');
  return `UPDATE ${q(shape.table)} SET ${set} WHERE ${where}`;
}

/** `DELETE FROM t WHERE <key> IN (...)`; rows hold the key's literals only. */
export function deleteSql(shape: WriteShape, rows: readonly Literals[]): string {
  return `DELETE FROM ${q(shape.table)} WHERE ${keyIn(shape.key, rows)}`;
}

/** `SELECT * FROM t WHERE <key> IN (...)`; rows hold the key's literals only. */
export function selectByKeysSql(table: string, key: readonly string[], rows: readonly Literals[]): string {
  return `SELECT * FROM ${q(table)} WHERE ${keyIn(key, rows)}`;
}

/** `k IN (1, 2)` or `(a, b) IN ((1, 'x'), (2, 'y'))` — both use the index on MariaDB and MySQL 8. */
function keyIn(key: readonly string[], rows: readonly Literals[]): string {
  if (key.length === 1) return `${q(key[0] as string)} IN (${rows.map((row) => row[0]).join(', ')})`;
  return `(${quoteList(key)}) IN (${rows.map((row) => `(${row.join(', ')})`).join(', ')})`;
}

function keyMatch(key: readonly string[], values: Literals): string {
  const parts = key.map((k, i) => `${q(k)} = ${values[i]}`);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
}

/**
 * Roughly how many bytes a row adds to its statement, to keep statements under
 * max_allowed_packet; `bytes` is the length of its literals, each with its separator.
 */
export function rowCost(
  mode: 'insert' | 'upsert' | 'update' | 'delete',
  shape: WriteShape,
  bytes: number,
): number {
  if (mode !== 'update') return bytes + 4;
  const keyBytes = shape.key.reduce((sum, k) => sum + Buffer.byteLength(k) * 2 + 40, 0) + bytes + 4;
  return bytes + 4 + (shape.columns.length - shape.key.length) * keyBytes;
}
