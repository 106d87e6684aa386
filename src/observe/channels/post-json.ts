import { createAddressGuard } from '../../connectors/http/address-guard.js';
import { IntegrationError } from '../../core/integration-error.js';
import { redactUrl } from './redact-url.js';

/**
 * POSTs a JSON body to a webhook URL with undici, through the http connector's SSRF guard
 * (docs/decisions/0006): the configured host only, never link-local or cloud metadata
 * addresses, no redirects. Errors name the channel and the URL's origin, never its path or
 * query, where webhook tokens live.
 */
export async function postJson(
  channel: string,
  url: string,
  body: unknown,
  timeoutMs = 10_000,
): Promise<void> {
  const target = new URL(url);
  const guard = createAddressGuard({
    system: `alert channel ${channel}`,
    allowHosts: [target.host],
    allowLinkLocal: false,
  });
  guard.checkUrl(target);
  // Loaded on first use: importing undici costs the CLI's start-up most of a second.
  const undici = await import('undici');
  const agent = new undici.Agent({
    connect: { lookup: guard.lookup as never, timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const shown = redactUrl(url);
  try {
    const response = await undici.request(target, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'user-agent': 'syncline-alerts' },
      body: JSON.stringify(body),
    });
    const text = (await response.body.text()).slice(0, 200);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new IntegrationError(
        `Alert channel "${channel}": ${shown} answered HTTP ${response.statusCode}${text ? `: ${text}` : ''}`,
        {
          kind: response.statusCode >= 500 || response.statusCode === 429 ? 'transient' : 'config',
          code: 'alert-delivery-failed',
          hint: 'Check the channel URL under alerts: and that the receiver accepts JSON POSTs.',
        },
      );
    }
  } catch (error) {
    if (error instanceof IntegrationError) throw error;
    const reason = error instanceof Error ? error.message.replaceAll(url, shown) : String(error);
    // No `cause`: the original error may carry the full URL, and with it the webhook's token.
    throw new IntegrationError(`Alert channel "${channel}": POST to ${shown} failed: ${reason}`, {
      kind: 'transient',
      code: 'alert-delivery-failed',
      hint: 'Check that the receiver is up and reachable from this machine.',
    });
  } finally {
    await agent.close();
  }
}
