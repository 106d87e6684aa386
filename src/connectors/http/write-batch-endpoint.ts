import type { RejectedRow, WriteMode, WriteResult } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Row } from '../../core/row.js';
import type { HttpClient } from './http-client.js';
import { excerpt } from './http-failure.js';
import { idempotencyKey } from './idempotency-key.js';
import { type JsonPath, readJsonPath } from './json-path.js';
import { type ErrorPaths, rejectIssue, tryParseJson } from './reject-issue.js';
import { toJsonBody } from './to-json-body.js';

export interface BatchWriter {
  readonly system: string;
  readonly client: HttpClient;
  readonly mode: WriteMode;
  readonly path: string;
  readonly method: string;
  readonly size: number;
  readonly recordsField: string;
  readonly modeField: string | undefined;
  readonly results: JsonPath;
  readonly statusField: string;
  readonly key: readonly string[];
  readonly errors: ErrorPaths;
  readonly idempotencyHeader: string | false;
}

/**
 * Writes through a batch endpoint, `size` records per request. Each answer must list one result
 * per record, in order, with its status: a 4xx result is that row's reject. A whole request
 * refused with a 4xx is a config error (the endpoint or the body shape is wrong).
 */
export async function writeBatchEndpoint(
  writer: BatchWriter,
  rows: readonly Row[],
  signal: AbortSignal,
): Promise<WriteResult> {
  const rejected: RejectedRow[] = [];
  for (let start = 0; start < rows.length; start += writer.size) {
    const chunk = rows.slice(start, start + writer.size);
    const payload: Record<string, unknown> = { [writer.recordsField]: chunk };
    if (writer.modeField !== undefined) payload[writer.modeField] = writer.mode;
    const body = toJsonBody(payload);
    const headers: Record<string, string> = {};
    if (writer.idempotencyHeader !== false) {
      headers[writer.idempotencyHeader] = idempotencyKey(writer.system, writer.method, writer.path, body);
    }
    const response = await writer.client.send(
      { method: writer.method, url: writer.path, headers, body, stage: 'write' },
      signal,
    );
    const results = readJsonPath(tryParseJson(response.text), writer.results);
    if (response.status >= 300 || !Array.isArray(results) || results.length !== chunk.length) {
      throw new IntegrationError(
        `System "${writer.system}": the batch endpoint ${writer.path} answered ${response.status} without ${chunk.length} results at the results path: ${excerpt(response.text)}`,
        {
          kind: 'config',
          code: 'http-batch-refused',
          stage: 'write',
          hint: 'Check to.batch: path, recordsField, modeField, results and status must match the endpoint.',
        },
      );
    }
    results.forEach((result, offset) => {
      const status = Number((result as Record<string, unknown> | null)?.[writer.statusField]);
      const issue = rejectIssue(
        writer.mode,
        status,
        result,
        JSON.stringify(result) ?? '',
        writer.errors,
        writer.key[0] ?? '',
      );
      if (issue !== undefined) rejected.push({ index: start + offset, issue });
    });
  }
  return { written: rows.length - rejected.length, rejected };
}
