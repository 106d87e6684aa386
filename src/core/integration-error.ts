import type { Stage } from './stage.js';

/**
 * What the engine should do about a failed operation:
 * - config: the user must change the spec or the system (wrong table, bad credentials); do not retry.
 * - transient: may succeed later (connection refused, timeout, lock); retry with backoff.
 * - fatal: a bug or an unrecoverable state; stop the flow.
 */
export type ErrorKind = 'config' | 'transient' | 'fatal';

export interface IntegrationErrorOptions {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly stage?: Stage;
  readonly hint?: string;
  readonly cause?: unknown;
}

/** Thrown to stop an operation. Bad records are Issues, not IntegrationErrors. */
export class IntegrationError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly stage: Stage | undefined;
  readonly hint: string | undefined;

  constructor(message: string, options: IntegrationErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'IntegrationError';
    this.kind = options.kind;
    this.code = options.code;
    this.stage = options.stage;
    this.hint = options.hint;
  }
}

/** Normalises anything thrown into an IntegrationError, keeping the original as `cause`. */
export function toIntegrationError(
  error: unknown,
  fallback: Omit<IntegrationErrorOptions, 'cause'>,
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IntegrationError(message, { ...fallback, cause: error });
}
