import { encodePayload } from '../../core/encode-payload.js';
import type { Row } from '../../core/row.js';

/** One row -> one message body: a JSON object, tagged where JSON would lose a value (0005). */
export function encodeMessage(row: Row): Buffer {
  return Buffer.from(JSON.stringify(encodePayload(row)), 'utf8');
}
