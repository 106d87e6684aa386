import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Batch, Row } from '../../core/row.js';
import { parseJsonExact } from '../json-exact.js';
import {
  compareTuples,
  decodeHttpCheckpoint,
  encodeHttpCheckpoint,
  type HttpPosition,
  type HttpReadIdentity,
} from './http-checkpoint.js';
import { type HttpClient, type HttpResponse, openHttpClient } from './http-client.js';
import type { HttpConfig } from './http-config.js';
import { excerpt } from './http-failure.js';
import type { HttpSourceOptions } from './http-source-options.js';
import { compileJsonPath, readJsonPath } from './json-path.js';
import { firstPage, nextPage, type PageAt, pageRequest } from './pagination.js';

interface Page {
  readonly at: PageAt;
  readonly records: readonly Row[];
  readonly next: PageAt | undefined;
}

/** Empty pages with a next token to follow before giving up (a misbehaving API must not loop forever). */
const maxEmptyPages = 100;

export async function openHttpSource(
  context: OpenContext<HttpConfig>,
  request: SourceOpenOptions<HttpSourceOptions>,
): Promise<Source> {
  const { system } = context;
  const options = request.options;
  const recordsPath = compileJsonPath(options.records, system, 'records');
  const nextPath =
    options.pagination.style === 'cursor'
      ? compileJsonPath(options.pagination.next, system, 'pagination.next')
      : undefined;
  const size =
    ('pageSize' in options.pagination ? options.pagination.pageSize : undefined) ?? request.batchSize;
  const identity: HttpReadIdentity = {
    path: options.path,
    cursorField: options.cursor ?? null,
    keyFields: request.key,
  };
  const client = await openHttpClient(context);
  const fetchPage = async (at: PageAt, since: unknown, signal: AbortSignal): Promise<Page> => {
    const query = { ...options.query };
    if (options.cursor !== undefined && since !== undefined && since !== null)
      query[options.sinceParam] = String(since);
    const req = pageRequest(options.pagination, at, { path: options.path, query, size });
    const response = await client.send(req, signal);
    const body = readBody(response, system, client, options.path);
    const found = readJsonPath(body, recordsPath);
    if (!Array.isArray(found)) {
      throw new IntegrationError(
        `System "${system}": ${options.path} answered without an array at ${options.records}: ${excerpt(response.text, 200)}`,
        {
          kind: 'config',
          code: 'http-records-not-found',
          stage: 'read',
          hint: 'Set from.records to the JSON path of the records, e.g. $.data.items.',
        },
      );
    }
    const records = found.map((record, index) => asRow(record, index, system, options.path));
    return { at, records, next: nextPage(options.pagination, at, records.length, response, body, nextPath) };
  };

  try {
    // Fails fast on a wrong path, credentials or records path rather than at the first run.
    await fetchPage(
      firstPage(options.pagination),
      undefined,
      AbortSignal.timeout(context.config.timeout * 4),
    );
  } catch (error) {
    await client.close();
    throw error;
  }

  const tupleOf = (row: Row): unknown[] | undefined => {
    const cursor = row[options.cursor as string];
    return cursor === null || cursor === undefined
      ? undefined
      : [cursor, ...request.key.map((k) => row[k] ?? null)];
  };

  async function* read(from: Parameters<Source['read']>[0], signal: AbortSignal): AsyncIterable<Batch> {
    signal.throwIfAborted();
    const start = decodeHttpCheckpoint(from, identity, system);
    if (start.next === null) return;
    const position = { since: start.since, after: start.after };
    let last = start.last;
    const at = (next: HttpPosition['next']) => encodeHttpCheckpoint(identity, { next, ...position, last });
    let current = await fetchPage(start.next.at ?? firstPage(options.pagination), position.since, signal);
    let skip = start.next.skip;
    for (;;) {
      // Look one page ahead, so the last batch of the last page can say the run is complete.
      let following =
        current.next === undefined ? undefined : await fetchPage(current.next, position.since, signal);
      for (let empty = 0; following?.records.length === 0 && following.next !== undefined; empty++) {
        if (empty >= maxEmptyPages) throw emptyPages(system, options.path);
        following = await fetchPage(following.next, position.since, signal);
      }
      const isLast = following === undefined || following.records.length === 0;
      for (let from = skip; from < current.records.length; from += request.batchSize) {
        const end = Math.min(from + request.batchSize, current.records.length);
        const rows = current.records.slice(from, end).filter((row) => {
          if (options.cursor === undefined) return true;
          const tuple = tupleOf(row);
          if (tuple === undefined) return true;
          if (position.after !== null && compareTuples(tuple, position.after) <= 0) return false;
          if (last === null || compareTuples(tuple, last) > 0) last = tuple;
          return true;
        });
        const isPageEnd = end === current.records.length;
        const next = !isPageEnd
          ? { at: current.at, skip: end }
          : isLast
            ? null
            : { at: (following as Page).at, skip: 0 };
        signal.throwIfAborted();
        if (rows.length > 0) yield { rows, checkpoint: at(next) };
        signal.throwIfAborted();
      }
      if (isLast) return;
      current = following as Page;
      skip = 0;
    }
  }

  let isClosed = false;
  return {
    incremental: options.cursor !== undefined,
    read,
    async close() {
      if (isClosed) return;
      isClosed = true;
      await client.close();
    },
  };
}

function readBody(response: HttpResponse, system: string, client: HttpClient, path: string): unknown {
  const url = client.resolve(path);
  if (response.status === 404) {
    throw new IntegrationError(
      `System "${system}": GET ${url.origin}${url.pathname} answered 404: no such collection "${path}"`,
      {
        kind: 'config',
        code: 'table-not-found',
        stage: 'read',
        hint: `Check from.path and connection.baseUrl. The API said: ${excerpt(response.text, 200)}`,
      },
    );
  }
  if (response.status < 200 || response.status >= 300) {
    throw new IntegrationError(
      `System "${system}": GET ${url.origin}${url.pathname} answered ${response.status}: ${excerpt(response.text)}`,
      {
        kind: 'config',
        code: 'http-request-refused',
        stage: 'read',
        hint: 'Check from.path and from.query.',
      },
    );
  }
  try {
    return parseJsonExact(response.text);
  } catch {
    throw new IntegrationError(
      `System "${system}": GET ${url.origin}${url.pathname} did not answer JSON: ${excerpt(response.text, 200)}`,
      {
        kind: 'config',
        code: 'http-invalid-json',
        stage: 'read',
        hint: 'Check from.path: it should name a JSON collection.',
      },
    );
  }
}

function emptyPages(system: string, path: string): IntegrationError {
  // Stopping quietly would end the run as if the collection ended here and lose what follows.
  return new IntegrationError(
    `System "${system}": ${path} answered ${maxEmptyPages} empty pages in a row, each with a next page`,
    {
      kind: 'fatal',
      code: 'http-pagination-stuck',
      stage: 'read',
      hint: 'Check from.pagination: the next-page token may not be where pagination.next points.',
    },
  );
}

function asRow(record: unknown, index: number, system: string, path: string): Row {
  if (record !== null && typeof record === 'object' && !Array.isArray(record)) return record as Row;
  throw new IntegrationError(
    `System "${system}": record ${index} of a page of ${path} is not a JSON object: ${excerpt(JSON.stringify(record) ?? '', 100)}`,
    {
      kind: 'config',
      code: 'http-record-not-object',
      stage: 'read',
      hint: 'Check from.records: it should point at an array of objects.',
    },
  );
}
