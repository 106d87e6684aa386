import { IntegrationError } from '../core/integration-error.js';
import type { Logger } from '../core/logger.js';
import type { AlertNotification } from './alert-notification.js';
import type { AlertChannel } from './channels/create-channels.js';

export interface DeliveryOptions {
  readonly logger: Logger;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Tries per channel in all (default 3); the delay doubles from `delayMs` (default 1s). */
  readonly attempts?: number | undefined;
  readonly delayMs?: number | undefined;
}

export interface DeliveryOutcome {
  readonly channel: string;
  readonly ok: boolean;
  /** Why the last try failed (no secrets: channels never put URLs' paths or passwords in errors). */
  readonly error?: string | undefined;
}

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends one notification to each channel, the channels side by side. A failed send is retried
 * with backoff unless it is a config error (a retry cannot fix a missing URL); what still fails
 * is logged and returned, never thrown: one broken channel must not silence the others or
 * stop the evaluation loop.
 */
export async function deliverAlert(
  notification: AlertNotification,
  channels: readonly AlertChannel[],
  options: DeliveryOptions,
): Promise<DeliveryOutcome[]> {
  const { logger, attempts = 3, delayMs = 1000 } = options;
  const sleep = options.sleep ?? timerSleep;
  return Promise.all(
    channels.map(async (channel): Promise<DeliveryOutcome> => {
      let lastError = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          await channel.send(notification);
          logger.info('alert delivered', {
            alert: notification.alert,
            event: notification.kind,
            channel: channel.name,
          });
          return { channel: channel.name, ok: true };
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
          const isConfig = error instanceof IntegrationError && error.kind === 'config';
          if (isConfig || attempt === attempts) break;
          logger.warn('alert delivery failed; retrying', {
            alert: notification.alert,
            channel: channel.name,
            attempt,
            error: lastError,
          });
          await sleep(delayMs * 2 ** (attempt - 1));
        }
      }
      logger.error('alert delivery failed', {
        alert: notification.alert,
        event: notification.kind,
        channel: channel.name,
        error: lastError,
      });
      return { channel: channel.name, ok: false, error: lastError };
    }),
  );
}
