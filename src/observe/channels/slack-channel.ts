import { type AlertNotification, notificationTitle } from '../alert-notification.js';
import { postJson } from './post-json.js';

const icons = { critical: ':red_circle:', warning: ':warning:', info: ':information_source:' } as const;

/** Slack's incoming-webhook payload (also accepted by Mattermost and Rocket.Chat): text plus blocks. */
export function slackPayload(n: AlertNotification): Record<string, unknown> {
  const icon = n.kind === 'resolved' ? ':white_check_mark:' : icons[n.severity];
  const title = `${icon} *${escapeSlack(notificationTitle(n))}* (${escapeSlack(n.project)})`;
  const body = n.kind === 'resolved' ? `Cleared. It was: ${n.message}` : n.message;
  return {
    text: `${notificationTitle(n)}: ${n.message}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${title}\n${escapeSlack(body)}` } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `<${n.runbook}|Runbook> · alert \`${n.alert}\`${n.since && n.kind !== 'resolved' ? ` · since ${n.since}` : ''}`,
          },
        ],
      },
    ],
  };
}

/** Slack's mrkdwn treats &, < and > as markup. */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function sendSlack(channel: string, url: string, n: AlertNotification): Promise<void> {
  return postJson(channel, url, slackPayload(n));
}
