import type { AlertState } from '../store/monitoring-store.js';
import type { RunRecord } from '../store/state-store.js';
import type { CompareHeadline } from './compare-headline.js';

/** What the dashboard hears about live (Server-Sent Events at /api/events). */
export type ServerEvent =
  | { readonly type: 'run-started'; readonly flow: string; readonly trigger: string }
  | { readonly type: 'run-finished'; readonly run: RunRecord }
  | { readonly type: 'run-skipped'; readonly flow: string; readonly reason: string }
  | { readonly type: 'dead-letters-changed'; readonly flow: string }
  | { readonly type: 'alert-changed'; readonly alert: AlertState }
  /** A scheduled shadow compare of a parallel flow stored its result. */
  | { readonly type: 'compare-finished'; readonly flow: string; readonly compare: CompareHeadline }
  | {
      readonly type: 'compare-failed';
      readonly flow: string;
      readonly error: { readonly code: string; readonly message: string };
    };

export interface ServerEvents {
  publish(event: ServerEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: ServerEvent) => void): () => void;
}

export function createServerEvents(): ServerEvents {
  const listeners = new Set<(event: ServerEvent) => void>();
  return {
    publish(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
