import { decodePayload } from '../../core/encode-payload.js';
import { isRecord } from '../../core/is-record.js';
import { recordIssue } from '../../core/issue.js';
import type { JsonValue, Row, SourceReject } from '../../core/row.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One message body -> one row. The body is a JSON object in the 0005 convention, with the
 * tagged forms of encode-payload for what JSON cannot hold ({"$bigint": "..."},
 * {"$base64": "..."}). Anything else is an unreadable record that keeps the raw body.
 */
export function decodeMessage(
  body: Uint8Array,
  where: string,
): { readonly row: Row } | { readonly rejected: SourceReject } {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return unreadable(
      { rawBase64: Buffer.from(body).toString('base64') },
      `${where}: the message is not UTF-8 text`,
    );
  }
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return unreadable({ raw: text }, `${where}: the message is not JSON (${reason})`);
  }
  if (!isRecord(json)) {
    const shape = Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`;
    return unreadable(
      { raw: text },
      `${where}: the message is ${shape}, not a JSON object (one object = one record)`,
    );
  }
  return { row: decodePayload(json) };
}

function unreadable(payload: Row, message: string): { readonly rejected: SourceReject } {
  return {
    rejected: { record: payload, issue: recordIssue('not-a-json-object', '', message, { stage: 'read' }) },
  };
}
