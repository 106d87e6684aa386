export type Health = 'green' | 'amber' | 'red';

const labels: Record<Health, string> = { green: 'healthy', amber: 'attention', red: 'failing' };

/** A red/amber/green mark that also says it in words (colour is never the only signal). */
export function HealthBadge({ health }: { readonly health: Health }) {
  return (
    <span className={`badge ${health}`}>
      <span aria-hidden="true">●</span> {labels[health]}
    </span>
  );
}
