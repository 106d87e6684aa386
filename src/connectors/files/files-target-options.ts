import { z } from 'zod';
import { csvFormatOverrides } from './files-config.js';

/** The `to:` options and modes of a files target (kept apart so the registry loads no CSV writer or file store). */
export const filesTargetOptions = z.strictObject({
  file: z.string().min(1).describe("File to append to, relative to the system's dir; created when missing."),
  format: z
    .enum(['csv', 'jsonl'])
    .optional()
    .describe('csv or jsonl (default: from the extension; .jsonl/.ndjson, else csv).'),
  ...csvFormatOverrides,
  columns: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Column order (default: the existing header, else the first batch's fields)."),
});
export type FilesTargetOptions = z.infer<typeof filesTargetOptions>;

/** Appending is the only write a CSV file supports without rewriting it. */
export const filesTargetModes = ['insert'] as const;
