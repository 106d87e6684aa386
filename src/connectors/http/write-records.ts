import type { RejectedRow, WriteMode, WriteResult } from '../../core/connector.js';
import { type Issue, recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import type { HttpClient } from './http-client.js';
import { idempotencyKey } from './idempotency-key.js';
import { type ErrorPaths, rejectIssue, tryParseJson } from './reject-issue.js';
import { toJsonBody } from './to-json-body.js';
import type { UrlTemplate } from './url-template.js';

export interface RecordWriter {
  readonly system: string;
  readonly client: HttpClient;
  readonly mode: WriteMode;
  readonly method: string;
  /** The record URL, or for insert the collection URL. */
  readonly target: UrlTemplate;
  readonly key: readonly string[];
  readonly errors: ErrorPaths;
  readonly idempotencyHeader: string | false;
  readonly concurrency: number;
}

/**
 * Writes a batch one request per record. Rows with the same key go in order on one lane (the
 * later row wins); different keys go `concurrency` at a time. A 4xx is that row's reject; the
 * first thrown failure (5xx, timeout, 401) stops the lanes and fails the whole batch.
 */
export async function writeRecords(
  writer: RecordWriter,
  rows: readonly Row[],
  signal: AbortSignal,
): Promise<WriteResult> {
  const lanes = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const id = JSON.stringify(writer.key.map((k) => String(row[k] ?? '')));
    const lane = lanes.get(id);
    if (lane === undefined) lanes.set(id, [index]);
    else lane.push(index);
  });
  const queue = [...lanes.values()];
  const rejected: RejectedRow[] = [];
  const stop = new AbortController();
  const lanesSignal = AbortSignal.any([signal, stop.signal]);
  let failure: { error: unknown } | undefined;
  const work = async () => {
    for (let lane = queue.shift(); lane !== undefined && failure === undefined; lane = queue.shift()) {
      for (const index of lane) {
        try {
          const issue = await writeOne(writer, rows[index] as Row, lanesSignal);
          if (issue !== undefined) rejected.push({ index, issue });
        } catch (error) {
          failure ??= { error: signal.aborted ? signal.reason : error };
          stop.abort(error);
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(writer.concurrency, queue.length) }, work));
  if (failure !== undefined) throw failure.error;
  rejected.sort((a, b) => a.index - b.index);
  return { written: rows.length - rejected.length, rejected };
}

async function writeOne(writer: RecordWriter, row: Row, signal: AbortSignal): Promise<Issue | undefined> {
  const { mode, key } = writer;
  const keyField = key[0] ?? '';
  if (mode !== 'insert') {
    const missing = key.find((k) => row[k] === null || row[k] === undefined);
    if (missing !== undefined) {
      return recordIssue('key-missing', missing, `the key field ${missing} is empty`, { stage: 'write' });
    }
  }
  const url = writer.target.expand(row);
  if ('missing' in url) {
    return recordIssue('key-missing', url.missing, `the URL needs ${url.missing}, which is empty`, {
      stage: 'write',
    });
  }
  const body = mode === 'delete' ? undefined : toJsonBody(row);
  const headers: Record<string, string> = {};
  if (writer.idempotencyHeader !== false) {
    headers[writer.idempotencyHeader] = idempotencyKey(writer.system, writer.method, url.path, body);
  }
  const response = await writer.client.send(
    {
      method: writer.method,
      url: url.path,
      headers,
      stage: 'write',
      ...(body === undefined ? {} : { body }),
    },
    signal,
  );
  return rejectIssue(
    mode,
    response.status,
    tryParseJson(response.text),
    response.text,
    writer.errors,
    keyField,
  );
}
