/**
 * Record URL templates: `/customers/{id}`, `/regions/{region}/lines/{line}`. Each `{field}` is
 * replaced by the row's value, percent-encoded as one path segment (a value holding `/` or `..`
 * cannot leave its segment).
 */
export interface UrlTemplate {
  readonly fields: readonly string[];
  /** The path for a row, or the first field the row lacks (null or missing). */
  expand(row: Readonly<Record<string, unknown>>): { path: string } | { missing: string };
}

export function compileUrlTemplate(template: string): UrlTemplate {
  const fields = [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string);
  return {
    fields,
    expand(row) {
      for (const field of fields) {
        const value = row[field];
        if (value === null || value === undefined || value === '') return { missing: field };
      }
      const path = template.replace(/\{([^{}]+)\}/g, (_, field: string) =>
        encodeURIComponent(String(row[field])),
      );
      return { path };
    },
  };
}

/** The collection URL under a record template: `/customers/{id}` → `/customers`. */
export function collectionPath(template: string): string {
  const at = template.indexOf('{');
  const head = at < 0 ? template : template.slice(0, at);
  return head.replace(/\/+$/, '') || '/';
}
