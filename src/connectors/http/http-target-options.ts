import { z } from 'zod';
import type { WriteMode } from '../../core/connector.js';

const method = z.enum(['POST', 'PUT', 'PATCH', 'DELETE']);

export const httpTargetOptions = z.strictObject({
  path: z
    .string()
    .min(1)
    .describe('URL template of one record under baseUrl, e.g. /customers/{id}; {field} takes the row value.'),
  createPath: z
    .string()
    .min(1)
    .optional()
    .describe('Where insert POSTs new records (default: path up to its first {field}, e.g. /customers).'),
  methods: z
    .strictObject({
      insert: method.default('POST'),
      upsert: method.default('PUT'),
      update: method.default('PATCH'),
      delete: method.default('DELETE'),
    })
    .default({ insert: 'POST', upsert: 'PUT', update: 'PATCH', delete: 'DELETE' })
    .describe('HTTP method per write mode (default POST, PUT, PATCH, DELETE).'),
  batch: z
    .strictObject({
      path: z.string().min(1).describe('Batch endpoint under baseUrl, e.g. /customers/_batch.'),
      method: method.default('POST'),
      size: z.number().int().min(1).max(10_000).default(100).describe('Records per request (default 100).'),
      recordsField: z.string().min(1).default('records').describe('Body field holding the records.'),
      modeField: z
        .string()
        .min(1)
        .optional()
        .describe(
          'Body field that receives the write mode (insert, upsert, ...), if the endpoint takes one.',
        ),
      results: z
        .string()
        .min(1)
        .default('$.results')
        .describe('JSON path of the per-record results in the answer, one per record, in order.'),
      status: z.string().min(1).default('status').describe('Field of each result holding its HTTP status.'),
    })
    .optional()
    .describe('Write through a batch endpoint instead of one request per record.'),
  errors: z
    .strictObject({
      code: z
        .string()
        .min(1)
        .optional()
        .describe('JSON path of an error code in a 4xx body, e.g. $.error.code.'),
      field: z.string().min(1).optional().describe('JSON path of the field the error is about.'),
      message: z.string().min(1).optional().describe('JSON path of a readable message.'),
    })
    .default({})
    .describe(
      "Where a refused record's answer names the problem; the reject then carries that code and field.",
    ),
  idempotencyHeader: z
    .union([z.string().min(1), z.literal(false)])
    .default('Idempotency-Key')
    .describe('Header carrying a key derived from the write (docs/decisions/0007); false to send none.'),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .describe('Record requests in flight at once (default 4); writes to one key stay in order.'),
  check: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A path GET at open (e.g. /customers?limit=1), so a wrong path or credentials fail before any write.',
    ),
});
export type HttpTargetOptions = z.infer<typeof httpTargetOptions>;

export const httpTargetModes: readonly WriteMode[] = ['insert', 'upsert', 'update', 'delete'];
