import { IntegrationError } from '../../core/integration-error.js';
import type { SmtpSettings } from '../../spec/alerting-schema.js';
import { type AlertNotification, notificationText, notificationTitle } from '../alert-notification.js';

export interface EmailSettings {
  readonly smtp: SmtpSettings;
  readonly from: string;
  readonly to: readonly string[];
}

/**
 * Sends an alert by SMTP with nodemailer, loaded on first use so that CLI start-up does not pay
 * for it. Errors name the channel and the server, never the password.
 */
export async function sendEmail(
  channel: string,
  settings: EmailSettings,
  n: AlertNotification,
): Promise<void> {
  const { default: nodemailer } = await import('nodemailer');
  const { smtp } = settings;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port ?? (smtp.secure ? 465 : 587),
    secure: smtp.secure ?? false,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: [...settings.to],
      subject: `[syncline] ${notificationTitle(n)}`,
      text: notificationText(n),
      headers: { 'X-Syncline-Alert': n.alert, 'X-Syncline-Event': n.kind },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const safe = smtp.password ? reason.replaceAll(smtp.password, '***') : reason;
    throw new IntegrationError(
      `Alert channel "${channel}": sending mail through ${smtp.host}:${smtp.port ?? (smtp.secure ? 465 : 587)} failed: ${safe}`,
      {
        kind: 'transient',
        code: 'alert-delivery-failed',
        hint: 'Check the smtp: settings of the channel under alerts: and that the server is reachable.',
      },
    );
  } finally {
    transport.close();
  }
}
