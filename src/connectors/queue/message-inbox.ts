/**
 * A push buffer between a broker's callbacks and a pulling reader: callbacks `push` what
 * arrives, the reader awaits `next` with an idle limit. A failure (the connection dropped)
 * is kept and thrown to the reader on its next call.
 */
export interface MessageInbox<T> {
  push(item: T): void;
  fail(error: unknown): void;
  /** The next item; undefined when none came for `idleMs`; rejects with the signal's reason on abort. */
  next(idleMs: number, signal: AbortSignal): Promise<T | undefined>;
  /** Items received and not taken yet (handed back to the broker on close). */
  drain(): T[];
  /** Something happened that is not an item (a refused request): the idle wait starts again. */
  touch(): void;
}

export function messageInbox<T>(): MessageInbox<T> {
  const items: T[] = [];
  let failure: { error: unknown } | undefined;
  let waiter: (() => void) | undefined;
  let restart: (() => void) | undefined;
  const wake = () => {
    const resume = waiter;
    waiter = undefined;
    resume?.();
  };

  return {
    push(item) {
      items.push(item);
      wake();
    },
    fail(error) {
      failure ??= { error };
      wake();
    },
    drain: () => items.splice(0),
    touch: () => restart?.(),
    async next(idleMs, signal) {
      signal.throwIfAborted();
      if (items.length === 0 && !failure) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            waiter = undefined;
            restart = undefined;
            resolve();
          };
          let timer = setTimeout(done, idleMs);
          signal.addEventListener('abort', done, { once: true });
          waiter = done;
          restart = () => {
            clearTimeout(timer);
            timer = setTimeout(done, idleMs);
          };
        });
      }
      signal.throwIfAborted();
      if (items.length > 0) return items.shift();
      if (failure) throw failure.error;
      return undefined;
    },
  };
}
