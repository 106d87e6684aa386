/**
 * A webhook URL as it may appear in logs and errors: the origin only. Slack-style webhook
 * URLs carry their token in the path, others in the query or user info.
 */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}
