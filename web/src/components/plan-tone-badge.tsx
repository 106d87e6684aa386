export type Tone = 'green' | 'amber' | 'red' | 'grey';

/**
 * A coloured mark with its meaning in words ("blocked", "firing", "snoozed"): colour is never the
 * only signal. Uses the shared .badge look of styles.css.
 */
export function ToneBadge({ tone, label }: { readonly tone: Tone; readonly label: string }) {
  return (
    <span className={`badge ${tone}`}>
      <span aria-hidden="true">{tone === 'grey' ? '○' : '●'}</span> {label}
    </span>
  );
}
