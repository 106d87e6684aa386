import { z } from 'zod';
import type { HttpRequest, HttpResponse } from './http-client.js';
import { type JsonPath, readJsonPath } from './json-path.js';

const pageSize = z
  .number()
  .int()
  .positive()
  .optional()
  .describe("Records to ask for per page (default: the flow's batchSize).");

/** How a collection is paged; each style names the query parameters it uses. */
export const pagination = z.discriminatedUnion('style', [
  z.strictObject({ style: z.literal('none').describe('One request returns every record.') }),
  z.strictObject({
    style: z.literal('page').describe('Numbered pages: ?page=1&per_page=100, until a page comes back empty.'),
    pageParam: z.string().min(1).default('page'),
    sizeParam: z.string().min(1).default('per_page'),
    firstPage: z.number().int().min(0).default(1),
    pageSize,
  }),
  z.strictObject({
    style: z
      .literal('offset')
      .describe('Offset and limit: ?offset=0&limit=100, until a page comes back empty.'),
    offsetParam: z.string().min(1).default('offset'),
    limitParam: z.string().min(1).default('limit'),
    pageSize,
  }),
  z.strictObject({
    style: z
      .literal('cursor')
      .describe('A next-page token from the body, sent back as a parameter until it is null.'),
    cursorParam: z.string().min(1).default('cursor'),
    next: z
      .string()
      .min(1)
      .default('$.next_cursor')
      .describe('JSON path of the next-page token in the body.'),
    sizeParam: z.string().min(1).optional().describe('Parameter for the page size, if the API takes one.'),
    pageSize,
  }),
  z.strictObject({
    style: z.literal('link').describe('The Link header\'s rel="next" URL (RFC 8288), until there is none.'),
    sizeParam: z.string().min(1).optional().describe('Parameter for the page size on the first request.'),
    pageSize,
  }),
]);
export type Pagination = z.infer<typeof pagination>;

/** Where a page is: a page number, an offset, a token, a next URL; null is the first page. */
export type PageAt = number | string | null;

export interface PageRequestInput {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly size: number;
}

export function firstPage(style: Pagination): PageAt {
  if (style.style === 'page') return style.firstPage;
  if (style.style === 'offset') return 0;
  return null;
}

/** The request for the page at `at`. */
export function pageRequest(style: Pagination, at: PageAt, input: PageRequestInput): HttpRequest {
  const size = String(input.size);
  const query: Record<string, string> = { ...input.query };
  switch (style.style) {
    case 'none':
      break;
    case 'page':
      query[style.pageParam] = String(at);
      query[style.sizeParam] = size;
      break;
    case 'offset':
      query[style.offsetParam] = String(at);
      query[style.limitParam] = size;
      break;
    case 'cursor':
      if (at !== null) query[style.cursorParam] = String(at);
      if (style.sizeParam !== undefined) query[style.sizeParam] = size;
      break;
    case 'link':
      // A next link carries its own query; only the first request is built here.
      if (at !== null) return { method: 'GET', url: String(at), stage: 'read' };
      if (style.sizeParam !== undefined) query[style.sizeParam] = size;
      break;
  }
  return { method: 'GET', url: input.path, query, stage: 'read' };
}

/** Where the page after this one is, or undefined when this was the last. */
export function nextPage(
  style: Pagination,
  at: PageAt,
  recordCount: number,
  response: HttpResponse,
  body: unknown,
  nextPath: JsonPath | undefined,
): PageAt | undefined {
  switch (style.style) {
    case 'none':
      return undefined;
    // Only an empty page ends these: a short page may just be the API's own page-size cap.
    case 'page':
      return recordCount === 0 ? undefined : Number(at) + 1;
    case 'offset':
      return recordCount === 0 ? undefined : Number(at) + recordCount;
    case 'cursor': {
      const token = nextPath === undefined ? undefined : readJsonPath(body, nextPath);
      if (token === null || token === undefined || token === '' || token === at) return undefined;
      return typeof token === 'number' ? token : String(token);
    }
    case 'link': {
      const next = nextLink(response.headers.link);
      return next === undefined ? undefined : new URL(next, response.url).href;
    }
  }
}

/** The rel="next" target of a Link header (RFC 8288), if any. */
export function nextLink(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const values = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (values.includes('next')) return match[1];
  }
  return undefined;
}
