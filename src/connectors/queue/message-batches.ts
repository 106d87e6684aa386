import { isRecord } from '../../core/is-record.js';
import type { Batch, Checkpoint, Row, SourceReject } from '../../core/row.js';
import { decodeMessage } from './decode-message.js';
import type { QueueReadLimits } from './queue-read-options.js';

/** One received message and how to let the broker forget it. */
export interface Delivery {
  readonly body: Uint8Array;
  /** Acknowledges the message to the broker: it will not be delivered again. */
  settle(): Promise<void>;
  /** Gives the message back for redelivery now (a negative acknowledgement), where the broker can. */
  release?(): void;
}

/** The next message, or undefined when none came for `idleMs`. */
export type Pull = (idleMs: number, signal: AbortSignal) => Promise<Delivery | undefined>;

export interface MessageBatches {
  /** Batches of decoded messages until the queue is idle or the message budget is spent. */
  read(signal: AbortSignal): AsyncIterable<Batch>;
  /** Settles every message of the batches up to this checkpoint (docs/decisions/0012). */
  acknowledge(checkpoint: Checkpoint): Promise<void>;
  /** How many messages are held, received but not settled. */
  held(): number;
  /** Gives back every held message (on close without acknowledgement): redelivered at once. */
  releaseHeld(): void;
}

/**
 * The batching every queue source shares: messages are grouped into batches of at most
 * `batchSize`, and each batch's messages are held until the engine acknowledges its
 * checkpoint — never earlier, so a crash before the commit leaves them to be delivered again.
 * The checkpoint (`{batch: n}`) only names a batch of this source; the broker keeps the position.
 */
export function messageBatches(options: {
  readonly pull: Pull;
  readonly batchSize: number;
  readonly limits: QueueReadLimits;
  /** Names the queue in messages about unreadable records (`system "orders" queue "in"`). */
  readonly where: string;
  /**
   * How long a started batch waits for one more message before it is handed over as it is
   * (default 100 ms, at most idleMs): a sender waiting for its answer must not wait for idleMs.
   */
  readonly lingerMs?: number;
}): MessageBatches {
  const { pull, batchSize, limits, where } = options;
  const lingerMs = Math.min(options.lingerMs ?? 100, limits.idleMs);
  const pending = new Map<number, Delivery[]>();
  let sequence = 0;

  return {
    async *read(signal) {
      signal.throwIfAborted();
      let received = 0;
      const budgetLeft = () => limits.maxMessages === undefined || received < limits.maxMessages;
      while (budgetLeft()) {
        const rows: Row[] = [];
        const rejected: SourceReject[] = [];
        const deliveries: Delivery[] = [];
        while (deliveries.length < batchSize && budgetLeft()) {
          // An empty batch waits idleMs (then the run ends); a started one only lingers.
          const delivery = await pull(deliveries.length === 0 ? limits.idleMs : lingerMs, signal);
          if (delivery === undefined) break;
          received++;
          deliveries.push(delivery);
          const decoded = decodeMessage(delivery.body, where);
          if ('row' in decoded) rows.push(decoded.row);
          else rejected.push(decoded.rejected);
        }
        if (deliveries.length === 0) return;
        sequence++;
        pending.set(sequence, deliveries);
        const checkpoint = { batch: sequence, messages: deliveries.length };
        yield rejected.length > 0 ? { rows, checkpoint, rejected } : { rows, checkpoint };
      }
    },
    async acknowledge(checkpoint) {
      const upTo = isRecord(checkpoint) && typeof checkpoint.batch === 'number' ? checkpoint.batch : 0;
      for (const [batch, deliveries] of [...pending]) {
        if (batch > upTo) continue;
        // Settled in order, one at a time: brokers acknowledge cumulatively or per message.
        for (const delivery of deliveries) await delivery.settle();
        pending.delete(batch);
      }
    },
    releaseHeld() {
      for (const deliveries of pending.values()) for (const delivery of deliveries) delivery.release?.();
      pending.clear();
    },
    held: () => [...pending.values()].reduce((sum, deliveries) => sum + deliveries.length, 0),
  };
}
