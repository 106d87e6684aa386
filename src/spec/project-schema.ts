import { z } from 'zod';
import { smtpSchema } from './alerting-schema.js';

export const reviewSchema = z.strictObject({
  monthlyFor: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Months of monthly health reviews after go-live.'),
  // biome-ignore lint/suspicious/noThenProperty: reads naturally in YAML ({ monthlyFor: 3, then: quarterly }); the value is never a function
  then: z
    .enum(['monthly', 'quarterly', 'half-yearly', 'yearly'])
    .optional()
    .describe('Review rhythm afterwards.'),
});

export const projectSchema = z.strictObject({
  name: z.string().min(1).describe('Project name, shown on reports and the dashboard.'),
  owner: z.string().optional().describe('Who answers for the integration (a team address).'),
  description: z.string().optional().describe('What the integration is for.'),
  review: reviewSchema.optional().describe('Health review schedule after go-live.'),
});

export const alertChannelSchema = z.strictObject({
  kind: z.enum(['webhook', 'slack', 'email']).describe('How the alert is sent.'),
  url: z.string().optional().describe('Webhook URL (a ${env:X} reference when it carries a token).'),
  to: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Email recipients.'),
  from: z.string().optional().describe('Sender address of email alerts (default the project owner).'),
  smtp: smtpSchema.optional(),
  notes: z.string().optional().describe('Who reads this channel and what they do.'),
});
