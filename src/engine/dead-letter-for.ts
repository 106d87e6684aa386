import { encodePayload, encodeValue } from '../core/encode-payload.js';
import type { Row } from '../core/row.js';
import type { NewDeadLetter } from '../store/state-store.js';
import type { CompiledFlow } from './compiled-flow.js';

/** A record's dead letter: its source key and payload, and why it was not written. */
export function deadLetterFor(
  flow: CompiledFlow,
  runId: string,
  row: Row,
  failure: { stage: NewDeadLetter['stage']; code: string; message: string; field?: string | undefined },
): NewDeadLetter {
  const key =
    flow.source.key.length > 0 ? flow.source.key.map((column) => encodeValue(row[column])) : undefined;
  return {
    flow: flow.name,
    runId,
    stage: failure.stage,
    code: failure.code,
    message: failure.message,
    field: failure.field,
    key,
    payload: encodePayload(row),
    attempts: 1,
  };
}
