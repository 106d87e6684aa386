/**
 * Quotes a MySQL identifier (table or column name) with backticks, so any name — spaces,
 * quotes, keywords — is safe to splice into SQL. Values are never spliced unescaped: they go
 * through mysql2's escape as literals.
 */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** `a`, `b` — a quoted column list. */
export function quoteList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(', ');
}
