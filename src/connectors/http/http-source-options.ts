import { z } from 'zod';
import { pagination } from './pagination.js';

/** The `from:` options of an http source (kept apart so the registry loads no HTTP client). */
export const httpSourceOptions = z.strictObject({
  path: z.string().min(1).describe('Path of the collection under baseUrl, e.g. /customers.'),
  query: z
    .record(z.string(), z.string())
    .default({})
    .describe('Query parameters sent with every page request (filters, sort order, fields).'),
  records: z
    .string()
    .min(1)
    .default('$')
    .describe(
      'JSON path of the array of records in each page body, e.g. $.data.items (default $: the body is the array).',
    ),
  pagination: pagination.default({ style: 'none' }).describe('How the collection is paged.'),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe('Record field that grows with every change (updatedAt); makes the flow incremental.'),
  sinceParam: z
    .string()
    .min(1)
    .default('updated_since')
    .describe('Query parameter that asks for records whose cursor is at or after a value (with cursor).'),
});
export type HttpSourceOptions = z.infer<typeof httpSourceOptions>;
