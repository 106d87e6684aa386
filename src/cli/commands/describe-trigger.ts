import type { FlowSpec } from '../../spec/schema.js';

export function describeTrigger(trigger: FlowSpec['trigger']): string {
  if (!trigger) return 'manual';
  if (trigger.schedule)
    return `schedule ${trigger.schedule}${trigger.timezone ? ` (${trigger.timezone})` : ''}`;
  if (trigger.webhook) return `webhook ${trigger.webhook}`;
  if (trigger.after) return `after ${trigger.after}`;
  return 'manual';
}
