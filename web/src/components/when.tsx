const units: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago", with the exact time in a tooltip and for screen readers' dateTime. */
export function When({
  at,
  now = Date.now(),
}: {
  readonly at: string | null | undefined;
  readonly now?: number;
}) {
  if (at === null || at === undefined) return <span className="muted">—</span>;
  const time = Date.parse(at);
  const delta = time - now;
  const [unit, size] = units.find(([, ms]) => Math.abs(delta) >= ms) ?? ['second', 1000];
  return (
    <time dateTime={at} title={new Date(time).toLocaleString()}>
      {relative.format(Math.round(delta / size), unit)}
    </time>
  );
}
