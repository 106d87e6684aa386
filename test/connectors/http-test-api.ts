import { http } from '../../src/connectors/http/http.js';
import type { Source, Target, WriteMode } from '../../src/core/connector.js';
import type { Row } from '../../src/core/row.js';
import { parseExact, stringifyExact } from '../support/test-api/exact-json.mjs';
import type { Fault, TestApi } from '../support/test-api/test-api.mjs';

/** Helpers for the http connector's focused tests against the local test API. */

export async function adminCall(
  api: TestApi,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: stringifyExact(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text ? parseExact(text) : undefined;
}

let count = 0;

/** A new collection `people_<n>` with `size` records {id, name, updated_at}; returns its name. */
export async function peopleCollection(api: TestApi, size: number): Promise<string> {
  count++;
  const name = `people_${process.pid}_${count}`;
  await adminCall(api, 'POST', '/_admin/collections', {
    name,
    key: ['id'],
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text', notNull: true },
      { name: 'updated_at', type: 'integer' },
    ],
  });
  const records = Array.from({ length: size }, (_, i) => ({
    id: i + 1,
    name: `p${i + 1}`,
    updated_at: 100 + i,
  }));
  await adminCall(api, 'PUT', `/_admin/collections/${name}/records`, { records });
  return name;
}

export async function addFault(api: TestApi, fault: Fault): Promise<void> {
  await adminCall(api, 'POST', '/_admin/faults', fault);
}

export function openSource(
  connection: Record<string, unknown>,
  from: Record<string, unknown>,
  batchSize = 3,
  baseDir = '.',
): Promise<Source> {
  const source = http.source as NonNullable<typeof http.source>;
  return source.open(
    { system: 'rest', config: http.config.parse(connection), baseDir },
    { options: source.options.parse(from), key: ['id'], batchSize },
  );
}

export function openTarget(
  connection: Record<string, unknown>,
  to: Record<string, unknown>,
  mode: WriteMode = 'upsert',
): Promise<Target> {
  const target = http.target as NonNullable<typeof http.target>;
  return target.open(
    { system: 'rest', config: http.config.parse(connection), baseDir: '.' },
    { options: target.options.parse(to), key: ['id'], mode, resume: undefined },
  );
}

/** What a promise rejected with (fails the test if it resolved). */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, but it succeeded');
}

export const ids = (rows: readonly Row[]) => rows.map((r) => r.id);
