/** Counts of the formats a column's values are written in, with a few examples of each. */
export interface FormatShare {
  readonly format: string;
  readonly count: number;
  /** Share of the values that had a format of this kind (0..1). */
  readonly share: number;
  readonly examples: readonly string[];
}

export interface FormatReport {
  /** Values that had a format of this kind (dates, phone numbers, numbers). */
  readonly total: number;
  /** Most common first. */
  readonly formats: readonly FormatShare[];
  /** Values that fit several formats (03/04/2024); counted in the column's majority of those. */
  readonly ambiguous: number;
  readonly ambiguousExamples: readonly string[];
}

export interface FormatTally {
  add(format: string, example: string): void;
  addAmbiguous(candidates: readonly string[], example: string): void;
  report(): FormatReport | undefined;
}

const exampleCount = 3;

export function createFormatTally(): FormatTally {
  const counts = new Map<string, { count: number; examples: string[] }>();
  const ambiguous = new Map<string, { count: number; candidates: readonly string[]; examples: string[] }>();
  const bump = <T extends { count: number; examples: string[] }>(entry: T, example: string) => {
    entry.count += 1;
    if (entry.examples.length < exampleCount && !entry.examples.includes(example))
      entry.examples.push(example);
  };
  return {
    add(format, example) {
      const entry = counts.get(format) ?? { count: 0, examples: [] };
      counts.set(format, entry);
      bump(entry, example);
    },
    addAmbiguous(candidates, example) {
      const id = candidates.join(' or ');
      const entry = ambiguous.get(id) ?? { count: 0, candidates, examples: [] };
      ambiguous.set(id, entry);
      bump(entry, example);
    },
    report() {
      const settled = new Map(
        [...counts].map(([format, entry]) => [format, { ...entry, examples: [...entry.examples] }]),
      );
      let ambiguousCount = 0;
      const ambiguousExamples: string[] = [];
      for (const [id, entry] of ambiguous) {
        ambiguousCount += entry.count;
        ambiguousExamples.push(...entry.examples.slice(0, exampleCount - ambiguousExamples.length));
        // The decidable values say which way the column is written; without any, it stays open.
        const majority = [...entry.candidates].sort(
          (a, b) => (counts.get(b)?.count ?? 0) - (counts.get(a)?.count ?? 0),
        )[0];
        const format = majority !== undefined && (counts.get(majority)?.count ?? 0) > 0 ? majority : id;
        const target = settled.get(format) ?? { count: 0, examples: [] };
        settled.set(format, target);
        target.count += entry.count;
        for (const example of entry.examples)
          if (target.examples.length < exampleCount) target.examples.push(example);
      }
      const total = [...settled.values()].reduce((sum, entry) => sum + entry.count, 0);
      if (total === 0) return undefined;
      const formats = [...settled]
        .map(([format, entry]) => ({
          format,
          count: entry.count,
          share: entry.count / total,
          examples: entry.examples,
        }))
        .sort((a, b) => b.count - a.count || a.format.localeCompare(b.format));
      return { total, formats, ambiguous: ambiguousCount, ambiguousExamples };
    },
  };
}

/** "dd/MM/yyyy 71%, MM/dd/yyyy 20%, ISO 9%; 12 values ambiguous" */
export function describeFormats(report: FormatReport): string {
  const shares = report.formats.map((f) => `${f.format} ${Math.round(f.share * 100)}%`).join(', ');
  if (report.ambiguous === 0) return shares;
  return `${shares}; ${report.ambiguous} value${report.ambiguous === 1 ? '' : 's'} ambiguous`;
}
