/**
 * A value as a SQL string literal, for the few statements that take no bound parameters
 * (COPY). The `E''` form with quotes and backslashes doubled means the same whatever
 * standard_conforming_strings is — the escaping PQescapeLiteral does. NULL for null.
 */
export function sqlLiteral(text: string | null): string {
  if (text === null) return 'NULL';
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
