/** Number and duration formats shared by the overview, flow and run pages. */

/** 12,345 — thousands separators in the reader's locale. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString();
}

/** 0.034 → "3.4 %"; 0 → "0 %". */
export function percent(share: number): string {
  if (share === 0) return '0 %';
  const value = share * 100;
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString()} %`;
}

/** 812 → "0.8 s"; 95 000 → "1 min 35 s"; undefined (still running) → "—". */
export function duration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${ms.toLocaleString()} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes} min ${seconds} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The time between two ISO instants, formatted; "—" when the second is missing. */
export function between(startedAt: string, finishedAt: string | undefined): string {
  return finishedAt === undefined ? '—' : duration(Date.parse(finishedAt) - Date.parse(startedAt));
}

/** A flow path for links: /flows/NAME with the name escaped. */
export function flowHref(flow: string): string {
  return `/flows/${encodeURIComponent(flow)}`;
}

/** A run path for links: /runs/ID. */
export function runHref(id: string): string {
  return `/runs/${encodeURIComponent(id)}`;
}
