import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../core/logger.js';
import type { SecretRedactor } from './secret-redactor.js';

/**
 * The server's structured log: one JSON line per event (pino), every line passed through the
 * secret redactor just before it is written, so a secret is masked whichever field, message or
 * error text carried it.
 */
export function createServerLogger(
  redactor: SecretRedactor,
  destination: NodeJS.WritableStream = process.stdout,
  level = 'info',
): pino.Logger {
  const masked = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      destination.write(redactor.redact(chunk.toString()));
      done();
    },
  });
  return pino({ level, base: { service: 'syncline' } }, masked);
}

/** The engine's Logger on top of pino (the engine logs message + fields). */
export function engineLogger(log: pino.Logger): Logger {
  return {
    info: (message, fields) => log.info({ ...fields }, message),
    warn: (message, fields) => log.warn({ ...fields }, message),
    error: (message, fields) => log.error({ ...fields }, message),
  };
}
