import { createRequire } from 'node:module';
import type { format as formatFn } from 'date-fns/format';
import type { parse as parseFn } from 'date-fns/parse';
import type { parseISO as parseIsoFn } from 'date-fns/parseISO';

/**
 * date-fns' parse, format and parseISO, loaded on first use: about 80 files and 0.1 CPU-s at
 * process start that a run without date transforms or date patterns never needs (every CLI
 * command pays its start). Loaded synchronously through date-fns' CommonJS build, since the
 * callers are synchronous compiled steps.
 */
const require = createRequire(import.meta.url);

let loadedParse: typeof parseFn | undefined;
let loadedFormat: typeof formatFn | undefined;
let loadedParseIso: typeof parseIsoFn | undefined;

export const parse: typeof parseFn = (dateString, formatString, referenceDate, options) => {
  loadedParse ??= (require('date-fns/parse') as { parse: typeof parseFn }).parse;
  return loadedParse(dateString, formatString, referenceDate, options);
};

export const format: typeof formatFn = (date, formatString, options) => {
  loadedFormat ??= (require('date-fns/format') as { format: typeof formatFn }).format;
  return loadedFormat(date, formatString, options);
};

export const parseISO: typeof parseIsoFn = (argument, options) => {
  loadedParseIso ??= (require('date-fns/parseISO') as { parseISO: typeof parseIsoFn }).parseISO;
  return loadedParseIso(argument, options);
};
