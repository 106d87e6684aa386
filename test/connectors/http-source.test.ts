import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from '../../src/connectors/http/json-path.js';
import { nextLink } from '../../src/connectors/http/pagination.js';
import { credentials, startTestApi, type TestApi } from '../support/test-api/test-api.mjs';
import { expectResumeFromEveryBoundary, readAll } from './helpers.js';
import { failureOf, ids, openSource, peopleCollection } from './http-test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ tls: false });
});
afterAll(async () => {
  await api.close();
});

const connection = () => ({ baseUrl: api.url, auth: { type: 'api-key', value: credentials.apiKey } });
const listRequests = (name: string) => api.state.requests.filter((r) => r.path === `/api/${name}`);

describe('http source pagination', () => {
  const styles = [
    { style: 'page' },
    { style: 'offset' },
    { style: 'cursor', sizeParam: 'limit' },
    { style: 'link', sizeParam: 'per_page' },
  ] as const;
  for (const pagination of styles) {
    it(`reads every record with ${pagination.style} pagination and resumes from each batch`, async () => {
      const name = await peopleCollection(api, 7);
      const source = await openSource(
        connection(),
        { path: `/api/${name}`, records: '$.data.items', pagination },
        3,
      );
      try {
        const before = listRequests(name).length;
        const batches = await readAll(source);
        expect(batches.map((b) => ids(b.rows))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
        // Three pages of records, plus the one that shows the end (an empty page, or none for
        // styles whose answer says there is no next page).
        const pages = listRequests(name).length - before;
        expect(pages).toBe(pagination.style === 'page' || pagination.style === 'offset' ? 4 : 3);
        await expectResumeFromEveryBoundary(source);
      } finally {
        await source.close();
      }
    });
  }

  it('reads a collection answered in one request (no pagination) and splits it into batches', async () => {
    const name = await peopleCollection(api, 5);
    const source = await openSource(connection(), { path: `/api/${name}`, records: '$.data.items' }, 2);
    try {
      const batches = await expectResumeFromEveryBoundary(source);
      expect(batches.map((b) => ids(b.rows))).toEqual([[1, 2], [3, 4], [5]]);
    } finally {
      await source.close();
    }
  });

  it('reads incrementally by an updated-since parameter, then only what changed', async () => {
    const name = await peopleCollection(api, 5);
    const from = {
      path: `/api/${name}`,
      records: '$.data.items',
      pagination: { style: 'page' },
      cursor: 'updated_at',
    };
    const source = await openSource(connection(), from, 2);
    try {
      expect(source.incremental).toBe(true);
      const batches = await readAll(source);
      expect(batches.flatMap((b) => ids(b.rows))).toEqual([1, 2, 3, 4, 5]);
      const end = batches.at(-1)?.checkpoint;
      await fetch(`${api.url}/_admin/collections/${name}/records`, {
        method: 'PUT',
        body: JSON.stringify({ records: [{ id: 2, name: 'changed', updated_at: 200 }] }),
      });
      const next = await readAll(source, end);
      expect(next.flatMap((b) => b.rows)).toEqual([{ id: 2, name: 'changed', updated_at: 200 }]);
      const sent = listRequests(name).at(-1);
      expect(sent?.query.updated_since).toBe('104');
    } finally {
      await source.close();
    }
  });

  it('refuses a records path that finds no array, and a checkpoint taken on another path', async () => {
    const name = await peopleCollection(api, 2);
    const error = await failureOf(openSource(connection(), { path: `/api/${name}`, records: '$.items' }));
    expect(error).toMatchObject({ kind: 'config', code: 'http-records-not-found' });
    expect((error as Error).message).toContain('$.items');
    const source = await openSource(connection(), { path: `/api/${name}`, records: '$.data.items' });
    const other = await openSource(connection(), { path: `/api/${name}?x=1`, records: '$.data.items' });
    try {
      const checkpoint = (await readAll(source))[0]?.checkpoint;
      expect(await failureOf(readAll(other, checkpoint))).toMatchObject({ code: 'checkpoint-mismatch' });
    } finally {
      await source.close();
      await other.close();
    }
  });
});

describe('json paths and Link headers', () => {
  it('parses dotted and bracket paths and never evaluates anything', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath("$.data['odd name'][2].id")).toEqual(['data', 'odd name', 2, 'id']);
    expect(parseJsonPath('$.a; process.exit()')).toBeTypeOf('string');
    expect(parseJsonPath('data')).toBeTypeOf('string');
    const body = { data: { 'odd name': [0, 1, { id: 'x' }] } };
    expect(readJsonPath(body, ['data', 'odd name', 2, 'id'])).toBe('x');
    expect(readJsonPath(body, ['data', 'constructor'])).toBeUndefined();
  });

  it('finds rel="next" among several links', () => {
    const header = '<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next last"';
    expect(nextLink(header)).toBe('https://a/x?page=3');
    expect(nextLink('<https://a/x?page=1>; rel=prev')).toBeUndefined();
  });
});
