/**
 * Quotes an SQLite identifier (table or column name) so any name — spaces, quotes, keywords —
 * is safe to splice into SQL. Values are never spliced: they are always bound parameters.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"a", "b"` — a quoted column list. */
export function quoteList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(', ');
}
