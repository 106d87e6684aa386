import type { Logger } from '../core/logger.js';
import type { Output } from './output.js';

/** Warnings (a retried write) always reach stderr; routine progress only with --verbose. */
export function cliLogger(out: Output, verbose: boolean): Logger {
  const write = (level: string, message: string, fields?: Readonly<Record<string, unknown>>) => {
    const detail = fields ? ` ${JSON.stringify(fields)}` : '';
    out.error(`${level} ${message}${detail}`);
  };
  return {
    info: (message, fields) => (verbose ? write(out.paint('dim', 'info'), message, fields) : undefined),
    warn: (message, fields) => write(out.paint('yellow', 'warn'), message, fields),
    // Run failures are printed in the run summary; here only with --verbose.
    error: (message, fields) => (verbose ? write(out.paint('red', 'error'), message, fields) : undefined),
  };
}
