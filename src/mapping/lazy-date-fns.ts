import { loadLibrary } from './load-library.js';

/**
 * date-fns' parse, format and parseISO, loaded on first use (loadLibrary): about 80 files and
 * 0.1 CPU-s at process start that a run without date transforms or date patterns never needs
 * (every CLI command pays its start). Loaded synchronously, since the callers are synchronous
 * compiled steps.
 */
const parseModule = loadLibrary<typeof import('date-fns/parse')>('date-fns/parse');
const formatModule = loadLibrary<typeof import('date-fns/format')>('date-fns/format');
const parseIsoModule = loadLibrary<typeof import('date-fns/parseISO')>('date-fns/parseISO');

export const parse: typeof import('date-fns/parse').parse = (
  dateString,
  formatString,
  referenceDate,
  options,
) => parseModule().parse(dateString, formatString, referenceDate, options);

export const format: typeof import('date-fns/format').format = (date, formatString, options) =>
  formatModule().format(date, formatString, options);

export const parseISO: typeof import('date-fns/parseISO').parseISO = (argument, options) =>
  parseIsoModule().parseISO(argument, options);
