/** One Server-Sent Event as the stream delivered it. */
export interface SseEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * Reads a Server-Sent Events stream over HTTP (fetch) in the background, keeping every event;
 * `next` waits for the first event not seen yet that matches. `close` ends the request.
 */
export async function openSse(
  url: string,
  headers: Record<string, string>,
): Promise<{
  readonly events: SseEvent[];
  next(
    type: string,
    match?: (data: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<SseEvent>;
  close(): void;
}> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (response.status !== 200 || response.body === null) {
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  }
  const events: SseEvent[] = [];
  const taken = new Set<SseEvent>();
  let ended: unknown;
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type !== undefined && data !== undefined) {
          events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    }
  })().catch((error: unknown) => {
    ended = error;
  });
  return {
    events,
    async next(type, match = () => true, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => !taken.has(e) && e.type === type && match(e.data));
        if (found) {
          taken.add(found);
          return found;
        }
        if (ended !== undefined && !abort.signal.aborted)
          throw new Error(`event stream ended: ${String(ended)}`);
        if (Date.now() > deadline) {
          throw new Error(`no ${type} event; got ${events.map((e) => e.type).join(', ') || 'none'}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close() {
      abort.abort();
    },
  };
}
