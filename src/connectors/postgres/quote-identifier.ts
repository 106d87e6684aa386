/**
 * Quotes a PostgreSQL identifier so any name — capitals, spaces, quotes, keywords — is safe to
 * splice into SQL. Values are never spliced: they are always bound parameters.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"a", "b"` — a quoted column list. */
export function quoteList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(', ');
}

/** `"schema"."table"`. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}
