import { z } from 'zod';
import { csvFormatOverrides } from './files-config.js';

export const fileFormats = ['csv', 'jsonl', 'xlsx'] as const;
export type FileFormat = (typeof fileFormats)[number];

export const filesSourceOptions = z
  .strictObject({
    file: z.string().min(1).optional().describe("File to read, relative to the system's dir."),
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('Read every file matching this name pattern (* and ?), in name order: "in/orders-*.csv".'),
    format: z
      .enum(fileFormats)
      .optional()
      .describe('csv, jsonl or xlsx (default: from the extension; .jsonl/.ndjson, .xlsx, else csv).'),
    ...csvFormatOverrides,
    columns: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Column names when the file has no header row (then header defaults to false).'),
    skipEmptyLines: z.boolean().default(true).describe('Ignore blank lines (default true).'),
    bom: z
      .boolean()
      .default(true)
      .describe('Strip a byte-order mark at the start of the file (default true).'),
    follow: z
      .boolean()
      .default(false)
      .describe('Append-only file (a log): each run continues after the records already read.'),
    sheet: z
      .union([z.string().min(1), z.number().int().min(1)])
      .optional()
      .describe('XLSX: worksheet name, or its number from 1 (default: the first).'),
    headerRow: z.number().int().min(1).default(1).describe('XLSX: row holding the column names (default 1).'),
    archive: z
      .string()
      .min(1)
      .optional()
      .describe('Move each file, once all its records are durable, to this folder (relative to dir).'),
    settle: z
      .number()
      .int()
      .min(0)
      .default(2000)
      .describe('With pattern: skip files modified less than this many ms ago (default 2000).'),
  })
  .refine((options) => (options.file === undefined) !== (options.pattern === undefined), {
    message: 'give either file: or pattern:, not both',
  })
  .refine(
    (options) => !(options.follow && (options.pattern !== undefined || options.archive !== undefined)),
    {
      message: 'follow: reads one growing file; it cannot be combined with pattern: or archive:',
    },
  )
  .refine((options) => !(options.follow && formatOf(options) === 'xlsx'), {
    message: 'follow: is for CSV and JSON Lines files, not workbooks',
  });
export type FilesSourceOptions = z.infer<typeof filesSourceOptions>;

/** The format: as given, else from the file's (or pattern's) extension. */
export function formatOf(options: {
  format?: FileFormat | undefined;
  file?: string | undefined;
  pattern?: string | undefined;
}): FileFormat {
  if (options.format) return options.format;
  const name = (options.file ?? options.pattern ?? '').toLowerCase();
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.xlsx')) return 'xlsx';
  return 'csv';
}

/**
 * A followed file continues after what was read; an archiving source reads only the files not
 * archived yet. Either way each run goes on from the last, so the flow is incremental.
 */
export function isIncremental(options: FilesSourceOptions): boolean {
  return options.follow || options.archive !== undefined;
}
