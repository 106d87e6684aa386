import iconv from 'iconv-lite';
import { z } from 'zod';
import { sftpConfig } from './sftp-config.js';

/** An encoding iconv-lite knows, or `auto` (sources only: sniffed per file, decision 0008). */
export const csvEncoding = z
  .string()
  .min(1)
  .refine((name) => name === 'auto' || iconv.encodingExists(name), {
    message: 'unknown encoding; use auto, or a name such as utf-8, latin1, windows-1252 or utf-16le',
  });

/** A field separator, or `auto` (sources only: sniffed per file among , ; tab |). */
export const csvDelimiter = z.string().min(1);

/** Format keys a flow's from:/to: block may override for its own file. */
export const csvFormatOverrides = {
  delimiter: csvDelimiter.optional().describe("Field separator, or auto (default: the system's)."),
  encoding: csvEncoding.optional().describe("Character encoding, or auto (default: the system's)."),
  header: z.boolean().optional().describe('Whether the first record holds the column names.'),
  quote: z.string().length(1).optional().describe("Quote character (default: the system's)."),
};

/** The `connection:` block of a files system: a folder of files (local or SFTP) and their usual format. */
export const filesConfig = z.strictObject({
  dir: z
    .string()
    .min(1)
    .default('.')
    .describe('Folder holding the files, relative to the spec file (default "."); ignored with sftp.'),
  delimiter: csvDelimiter
    .optional()
    .describe(
      'Field separator: auto (sources: sniffed among , ; tab |), or a string; targets default to ",".',
    ),
  encoding: csvEncoding
    .optional()
    .describe(
      'Character encoding: auto (sources: sniffed), utf-8, latin1, windows-1252, utf-16le, ...; targets default to utf-8.',
    ),
  header: z
    .boolean()
    .default(true)
    .describe('Whether the first record holds the column names (default true).'),
  quote: z.string().length(1).default('"').describe('Quote character (default ").'),
  sftp: sftpConfig
    .optional()
    .describe('Read and write the files on an SFTP server instead of a local folder.'),
});
export type FilesConfig = z.infer<typeof filesConfig>;

/** The format in force for one file: the system's defaults with the flow's overrides. */
export interface CsvFormat {
  readonly delimiter: string;
  readonly encoding: string;
  readonly header: boolean;
  readonly quote: string;
}

export interface CsvFormatOptions {
  delimiter?: string | undefined;
  encoding?: string | undefined;
  header?: boolean | undefined;
  quote?: string | undefined;
}

/**
 * The format for a target: explicit defaults (",", utf-8), since there is nothing to sniff.
 * `auto` in the system's block means "sniff when reading" and falls back to the same defaults.
 */
export function csvFormat(
  config: FilesConfig,
  options: CsvFormatOptions,
  header: boolean = options.header ?? config.header,
): CsvFormat {
  const delimiter = options.delimiter ?? config.delimiter;
  const encoding = options.encoding ?? config.encoding;
  return {
    delimiter: delimiter === undefined || delimiter === 'auto' ? ',' : delimiter,
    encoding: encoding === undefined || encoding === 'auto' ? 'utf-8' : encoding,
    header,
    quote: options.quote ?? config.quote,
  };
}

/** The format for a source: `auto` (the default) where the file is to be sniffed. */
export function sourceCsvFormat(config: FilesConfig, options: CsvFormatOptions, header: boolean): CsvFormat {
  return {
    delimiter: options.delimiter ?? config.delimiter ?? 'auto',
    encoding: options.encoding ?? config.encoding ?? 'auto',
    header,
    quote: options.quote ?? config.quote,
  };
}

/** Node decodes UTF-8 itself; every other encoding goes through iconv-lite. */
export function isUtf8(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}
