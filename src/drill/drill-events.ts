import type { Logger } from '../core/logger.js';

/** What the engine logged during a drill: retries, circuit state changes, run errors. */
export interface DrillEvents {
  readonly logger: Logger;
  retries(): number;
  circuit(): readonly { readonly state: string; readonly detail: string }[];
}

/** A logger that keeps the events a drill report shows, passing every line on to `next`. */
export function recordDrillEvents(next?: Logger): DrillEvents {
  let retries = 0;
  const circuit: { state: string; detail: string }[] = [];
  return {
    logger: {
      info: (message, fields) => next?.info(message, fields),
      warn(message, fields) {
        if (message === 'write failed, retrying') retries++;
        if (message.startsWith('circuit ')) {
          circuit.push({ state: message.slice('circuit '.length), detail: String(fields?.detail ?? '') });
        }
        next?.warn(message, fields);
      },
      error: (message, fields) => next?.error(message, fields),
    },
    retries: () => retries,
    circuit: () => [...circuit],
  };
}
