/** A double-quoted SQL identifier (SQLite and PostgreSQL). */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
