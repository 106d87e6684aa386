import type { ConformanceCase } from './connector.suite.js';

/**
 * Suite cases that do not apply to a message queue, with the reason shown as skipped. A queue
 * is consumed, not queried: there is no key order to page by, and a checkpoint cannot read a
 * message again — the broker redelivers what was not acknowledged (tested per connector in
 * test/connectors/<kind>-queue.test.ts).
 */
export const queueSkips: Partial<Record<ConformanceCase, string>> = {
  'source-open-close':
    'a queue source is incremental by nature (the broker keeps the position); the case expects a full-read source',
  'source-full-read': 'a queue is consumed once, not re-read from a checkpoint in key order',
  'source-composite-key': 'a queue has no key order to page by',
  'source-abort-resume':
    'resuming is the redelivery of unacknowledged messages, tested in the connector focused test',
  'source-types':
    'it re-reads from every checkpoint; the types are covered by round-trip and target-types through real messages',
  'target-read-by-keys': 'a queue cannot be looked up by key',
};
