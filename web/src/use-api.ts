import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, api } from './api';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | Error | undefined;
  readonly isLoading: boolean;
  /** Loads again, keeping the current data on screen until the answer comes. */
  readonly reload: () => void;
}

/** GETs `path` (null: nothing to load yet) and reloads when it changes or on reload(). */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError | Error>();
  const [isLoading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    api<T>(path, { signal: controller.signal }).then(
      (value) => {
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (thrown: unknown) => {
        if (controller.signal.aborted) return;
        setError(thrown instanceof Error ? thrown : new Error(String(thrown)));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, isLoading, reload };
}

/** Server-sent events the dashboard listens to (GET /api/events). */
export type ServerEventName =
  | 'run-started'
  | 'run-finished'
  | 'run-skipped'
  | 'dead-letters-changed'
  | 'compare-finished'
  | 'alert-changed';

/**
 * Calls `listener` for each named server event, over one EventSource per mounted hook. The
 * browser reconnects by itself after a dropped connection.
 */
export function useServerEvents(
  names: readonly ServerEventName[],
  listener: (name: ServerEventName, data: unknown) => void,
): void {
  const latest = useRef(listener);
  latest.current = listener;
  const key = names.join(',');
  useEffect(() => {
    const source = new EventSource('/api/events');
    const handlers = key.split(',').map((name) => {
      const handler = (event: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          data = event.data;
        }
        latest.current(name as ServerEventName, data);
      };
      source.addEventListener(name, handler);
      return handler;
    });
    return () => {
      source.close();
      handlers.length = 0;
    };
  }, [key]);
}
