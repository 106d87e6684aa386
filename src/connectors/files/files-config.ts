import iconv from 'iconv-lite';
import { z } from 'zod';

export const csvEncoding = z
  .string()
  .min(1)
  .refine((name) => iconv.encodingExists(name), {
    message: 'unknown encoding; use a name such as utf-8, latin1, windows-1252 or utf-16le',
  });

/** Format keys a flow's from:/to: block may override for its own file. */
export const csvFormatOverrides = {
  delimiter: z.string().min(1).optional().describe("Field separator (default: the system's)."),
  encoding: csvEncoding.optional().describe("Character encoding (default: the system's)."),
  header: z.boolean().optional().describe('Whether the first record holds the column names.'),
  quote: z.string().length(1).optional().describe("Quote character (default: the system's)."),
};

/** The `connection:` block of a files system: a folder of CSV files and their usual format. */
export const filesConfig = z.strictObject({
  dir: z
    .string()
    .min(1)
    .default('.')
    .describe('Folder holding the files, relative to the spec file (default ".").'),
  delimiter: z.string().min(1).default(',').describe('Field separator (default ",").'),
  encoding: csvEncoding
    .default('utf-8')
    .describe(
      'Character encoding: utf-8 (default), latin1, windows-1252, utf-16le, ... (any iconv-lite name).',
    ),
  header: z
    .boolean()
    .default(true)
    .describe('Whether the first record holds the column names (default true).'),
  quote: z.string().length(1).default('"').describe('Quote character (default ").'),
});
export type FilesConfig = z.infer<typeof filesConfig>;

/** The format in force for one file: the system's defaults with the flow's overrides. */
export interface CsvFormat {
  readonly delimiter: string;
  readonly encoding: string;
  readonly header: boolean;
  readonly quote: string;
}

export function csvFormat(
  config: FilesConfig,
  options: {
    delimiter?: string | undefined;
    encoding?: string | undefined;
    header?: boolean | undefined;
    quote?: string | undefined;
  },
  header: boolean = options.header ?? config.header,
): CsvFormat {
  return {
    delimiter: options.delimiter ?? config.delimiter,
    encoding: options.encoding ?? config.encoding,
    header,
    quote: options.quote ?? config.quote,
  };
}

/** Node decodes UTF-8 itself; every other encoding goes through iconv-lite. */
export function isUtf8(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}
