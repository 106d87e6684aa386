import { z } from 'zod';
import { duration, name } from './schema-common.js';

/**
 * Alert rules and delivery settings (docs/alerts.md). The same rules block is written once for
 * the project (`alerting.rules`) and overridden per flow (`flows.X.monitoring.rules`); a flow's
 * value wins key by key, so a flow changes one threshold without restating the rest.
 */

/** The alert rules, by the name that is part of an alert's identity (`rule:flow`). */
export const alertRuleNames = [
  'run-failed',
  'error-rate',
  'volume',
  'silence',
  'dead-letter-backlog',
] as const;
export type AlertRuleName = (typeof alertRuleNames)[number];

/** The runbook section that explains an alert kind: runbooks/FLOW.md#alert-silence. */
export function alertAnchor(rule: AlertRuleName): string {
  return `alert-${rule}`;
}

const severity = z.enum(['critical', 'warning', 'info']).describe('How urgent the alert is.');
const enabled = z.boolean().optional().describe('false turns the rule off.');

export const alertRulesSchema = z.strictObject({
  runFailed: z
    .strictObject({ enabled, severity: severity.optional() })
    .optional()
    .describe("The flow's last run failed (default critical)."),
  errorRate: z
    .strictObject({
      enabled,
      severity: severity.optional(),
      threshold: z
        .number()
        .min(0)
        .max(1)
        .optional()
        .describe(
          'Share of read records dead-lettered by the last run that raises the alert (default 0.05).',
        ),
    })
    .optional()
    .describe('Too many invalid or rejected records in the last run (default warning).'),
  volume: z
    .strictObject({
      enabled,
      severity: severity.optional(),
      weeks: z
        .number()
        .int()
        .min(1)
        .max(52)
        .optional()
        .describe('Weeks of past runs the baseline is learnt from (default 4).'),
      minHistory: z
        .number()
        .int()
        .min(2)
        .optional()
        .describe(
          'Past runs in the same hour of the week needed before the baseline is used (default 3); until then monitoring.expected applies.',
        ),
      tolerance: z
        .number()
        .positive()
        .optional()
        .describe('How many robust deviations (MAD) from the median count as unusual (default 4).'),
    })
    .optional()
    .describe('The last run moved an unusual number of records (default warning).'),
  silence: z
    .strictObject({ enabled, severity: severity.optional() })
    .optional()
    .describe(
      'No successful run moved any record within monitoring.freshness (default critical); needs freshness.',
    ),
  deadLetterBacklog: z
    .strictObject({
      enabled,
      severity: severity.optional(),
      growth: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Open dead letters added within the window that raise the alert (default 10).'),
      window: duration.optional().describe('How far back new dead letters are counted (default "1d").'),
    })
    .optional()
    .describe('The open dead-letter backlog is growing (default warning).'),
});

export const alertingSchema = z
  .strictObject({
    channels: z
      .array(name)
      .optional()
      .describe(
        'Channels (under alerts:) of every flow that names none in errors.alert or monitoring.alert.',
      ),
    repeat: duration
      .optional()
      .describe('Notify again while an alert is still firing after this long (default "4h").'),
    runbook: z
      .string()
      .optional()
      .describe(
        'Where runbooks are published; {flow} is replaced by the flow name (default "runbooks/{flow}.md", as written by syncline runbook).',
      ),
    rules: alertRulesSchema.optional().describe('Rule settings of every flow; flows override them.'),
  })
  .describe('How alerts are raised and sent: default channels, repeat interval, rule settings.');

export const smtpSchema = z
  .strictObject({
    host: z.string().min(1).describe('SMTP server host.'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('SMTP port (default 587, or 465 with secure).'),
    secure: z
      .boolean()
      .optional()
      .describe('true: TLS from the start (port 465); otherwise STARTTLS when offered.'),
    user: z.string().optional().describe('SMTP user name.'),
    password: z.string().optional().describe('SMTP password: a ${env:X} or ${file:path} reference.'),
  })
  .describe('The SMTP server email alerts are sent through.');

export type AlertRulesSpec = z.infer<typeof alertRulesSchema>;
export type AlertingSpec = z.infer<typeof alertingSchema>;
export type SmtpSettings = z.infer<typeof smtpSchema>;
