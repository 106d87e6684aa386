import type { AlertNotification } from '../alert-notification.js';
import { postJson } from './post-json.js';

/** The generic webhook's JSON body: every fact, with names a receiver can route on. */
export function webhookPayload(n: AlertNotification): Record<string, unknown> {
  return {
    status: n.kind === 'resolved' ? 'resolved' : 'firing',
    event: n.kind,
    project: n.project,
    alert: n.alert,
    rule: n.rule,
    flow: n.flow,
    severity: n.severity,
    message: n.message,
    since: n.since ?? null,
    at: n.at,
    runbook: n.runbook,
  };
}

export function sendWebhook(channel: string, url: string, n: AlertNotification): Promise<void> {
  return postJson(channel, url, webhookPayload(n));
}
