import type { FlowSpec } from './schema.js';

/** A flow's trigger in a few words: schedule, webhook, after another flow, or manual. */

export function describeTrigger(trigger: FlowSpec['trigger']): string {
  if (!trigger) return 'manual';
  if (trigger.schedule)
    return `schedule ${trigger.schedule}${trigger.timezone ? ` (${trigger.timezone})` : ''}`;
  if (trigger.webhook) return `webhook ${trigger.webhook}`;
  if (trigger.after) return `after ${trigger.after}`;
  return 'manual';
}
