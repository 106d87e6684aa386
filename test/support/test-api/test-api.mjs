// A small REST API for the http connector's tests and examples: in-memory collections, every
// pagination style, an updated-since filter, API key / basic / bearer / OAuth2 client
// credentials auth, a TLS listener that requires a client certificate, idempotency keys, and
// injectable faults (429/503 with Retry-After, 500s, slow or lost responses).
// Its OpenAPI 3 document (openapi.yaml) is served at /api/openapi.yaml.
// Admin endpoints under /_admin/ (no auth) let a test set up and inspect data without the
// connector. See start.mjs to run it standalone.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { makeCertificates } from './certificates.mjs';
import { createCollection, RecordError } from './collections.mjs';
import { parseExact, stringifyExact } from './exact-json.mjs';

export const credentials = Object.freeze({
  apiKey: 'test-api-key',
  username: 'test-user',
  password: 'test-pass',
  bearer: 'test-bearer-token',
  clientId: 'test-client',
  clientSecret: 'test-secret',
});

export async function startTestApi({ port = 0, tlsPort = 0, tls = true, tokenTtlSeconds = 3600 } = {}) {
  const state = {
    collections: new Map(),
    tokens: new Map(),
    tokenTtlSeconds,
    tokenRequests: 0,
    faults: [],
    requests: [],
    idempotency: new Map(),
  };
  const handler = (req, res) => {
    handle(state, req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, { error: { code: 'server-error', message: String(error) } });
      else res.destroy();
    });
  };
  const plain = createServer(handler);
  await listen(plain, port);
  const certificates = tls ? makeCertificates() : undefined;
  let secure;
  if (certificates !== undefined) {
    secure = createTlsServer(
      {
        key: certificates.read('server.key'),
        cert: certificates.read('server.pem'),
        ca: certificates.read('ca.pem'),
        requestCert: true,
        rejectUnauthorized: true,
      },
      handler,
    );
    await listen(secure, tlsPort);
  }
  return {
    url: `http://127.0.0.1:${plain.address().port}`,
    tlsUrl: secure === undefined ? undefined : `https://127.0.0.1:${secure.address().port}`,
    certificates,
    state,
    async close() {
      const closing = [plain, secure].filter(Boolean).map(
        (server) =>
          new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
      await Promise.all(closing);
      if (certificates !== undefined) rmSync(certificates.dir, { recursive: true, force: true });
    },
  };
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : stringifyExact(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(text);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function handle(state, req, res) {
  const url = new URL(req.url, `http://${req.headers.host ?? '127.0.0.1'}`);
  const text = await readBody(req);
  const isAdmin = url.pathname.startsWith('/_admin/');
  if (!isAdmin) {
    state.requests.push({
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      idempotencyKey: req.headers['idempotency-key'] ?? null,
      authorization: req.headers.authorization ?? null,
      at: Date.now(),
    });
  }
  const fault = isAdmin ? undefined : takeFault(state, req.method, url.pathname);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.status && !fault.afterApply) {
    const headers = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
    return send(
      res,
      fault.status,
      { error: { code: 'injected', message: `injected ${fault.status}` } },
      headers,
    );
  }
  const respond = fault?.afterApply
    ? () => send(res, fault.status, { error: { code: 'injected', message: 'lost response' } })
    : (status, body, headers) => send(res, status, body, headers);
  if (isAdmin) return admin(state, req.method, url, text, respond);
  if (url.pathname === '/oauth/token' && req.method === 'POST') return token(state, req, text, respond);
  if (url.pathname === '/redirect') return respond(302, undefined, { location: url.searchParams.get('to') });
  if (url.pathname.startsWith('/api/')) {
    if (!isAuthorized(state, req, url)) {
      return respond(
        401,
        { error: { code: 'unauthorized', message: 'missing or bad credentials' } },
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    if (url.pathname === '/api/openapi.yaml' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      return res.end(readFileSync(new URL('./openapi.yaml', import.meta.url)));
    }
    const key = req.headers['idempotency-key'];
    if (key !== undefined && req.method !== 'GET') {
      const seen = state.idempotency.get(key);
      if (seen !== undefined) return respond(seen.status, seen.body, { 'idempotent-replayed': 'true' });
      return api(state, req.method, url, text, (status, body, headers) => {
        if (status < 500) state.idempotency.set(key, { status, body });
        respond(status, body, headers);
      });
    }
    return api(state, req.method, url, text, respond);
  }
  return respond(404, { error: { code: 'not-found', message: `no route ${url.pathname}` } });
}

function takeFault(state, method, pathname) {
  const index = state.faults.findIndex(
    (f) => pathname.startsWith(f.path ?? '/') && (f.method === undefined || f.method === method),
  );
  if (index < 0) return undefined;
  const fault = state.faults[index];
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) state.faults.splice(index, 1);
  return fault;
}

function isAuthorized(state, req, url) {
  const header = req.headers.authorization ?? '';
  if (req.headers['x-api-key'] === credentials.apiKey) return true;
  if (url.searchParams.get('api_key') === credentials.apiKey) return true;
  if (header === `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`)
    return true;
  if (header === `Bearer ${credentials.bearer}`) return true;
  if (header.startsWith('Bearer ')) {
    const expires = state.tokens.get(header.slice(7));
    return expires !== undefined && expires > Date.now();
  }
  return false;
}

function token(state, req, text, respond) {
  state.tokenRequests++;
  const form = new URLSearchParams(text);
  let id = form.get('client_id');
  let secret = form.get('client_secret');
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const [user, pass] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    id = decodeURIComponent(user ?? '');
    secret = decodeURIComponent(pass ?? '');
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return respond(400, { error: 'unsupported_grant_type' });
  }
  if (id !== credentials.clientId || secret !== credentials.clientSecret) {
    return respond(401, { error: 'invalid_client', error_description: 'client authentication failed' });
  }
  const accessToken = randomBytes(16).toString('hex');
  state.tokens.set(accessToken, Date.now() + state.tokenTtlSeconds * 1000);
  respond(
    200,
    { access_token: accessToken, token_type: 'Bearer', expires_in: state.tokenTtlSeconds },
    {
      'cache-control': 'no-store',
    },
  );
}

function admin(state, method, url, text, respond) {
  const parts = url.pathname.split('/').slice(2).map(decodeURIComponent);
  const body = text ? parseExact(text) : {};
  if (parts[0] === 'collections' && parts.length === 1 && method === 'POST') {
    state.collections.set(body.name, createCollection(body));
    return respond(201, { name: body.name });
  }
  if (parts[0] === 'collections' && parts[2] === 'records') {
    const collection = state.collections.get(parts[1]);
    if (collection === undefined) return respond(404, { error: { code: 'not-found', message: parts[1] } });
    if (method === 'PUT') {
      for (const record of body.records) collection.replace(record);
      return respond(204);
    }
    return respond(200, { records: collection.all() });
  }
  if (parts[0] === 'faults' && method === 'POST') {
    state.faults.push(body);
    return respond(204);
  }
  if (parts[0] === 'revoke-tokens') {
    state.tokens.clear();
    return respond(204);
  }
  if (parts[0] === 'token-ttl') {
    state.tokenTtlSeconds = body.seconds;
    return respond(204);
  }
  if (parts[0] === 'requests') {
    if (method === 'DELETE') state.requests.length = 0;
    return respond(200, { requests: state.requests, tokenRequests: state.tokenRequests });
  }
  return respond(404, { error: { code: 'not-found', message: url.pathname } });
}

function api(state, method, url, text, respond) {
  const [name, ...rest] = url.pathname.slice('/api/'.length).split('/').map(decodeURIComponent);
  const collection = state.collections.get(name);
  if (collection === undefined) {
    return respond(404, { error: { code: 'not-found', message: `no collection ${name}` } });
  }
  const body = text ? parseExact(text) : undefined;
  const reject = (error) => {
    if (!(error instanceof RecordError)) throw error;
    return {
      status: error.status,
      error: { code: error.code, field: error.field ?? null, message: error.message },
    };
  };
  const apply = (mode, record, keyValues) => {
    try {
      if (mode === 'insert') collection.insert(record);
      else if (mode === 'upsert') collection.upsert({ ...record, ...keyValues });
      else if (mode === 'update') collection.update({ ...record, ...keyValues });
      else if (mode === 'delete') {
        return { status: collection.remove(keyValues ?? record) ? 204 : 404 };
      }
      return { status: mode === 'insert' ? 201 : 200 };
    } catch (error) {
      return reject(error);
    }
  };
  if (rest.length === 0 && method === 'GET') return list(collection, url, respond);
  if (rest.length === 0 && method === 'POST') {
    const result = apply('insert', body);
    return respond(result.status, result.error ? { error: result.error } : body);
  }
  if (rest.length === 1 && rest[0] === '_batch' && method === 'POST') {
    const results = body.records.map((record) => {
      const keyValues = Object.fromEntries(collection.key.map((k) => [k, record[k]]));
      return apply(body.mode, record, keyValues);
    });
    return respond(200, { results });
  }
  let keyValues;
  try {
    keyValues = collection.keyFromSegments(rest);
  } catch (error) {
    const { status, error: detail } = reject(error);
    return respond(status, { error: detail });
  }
  const modes = { PUT: 'upsert', PATCH: 'update', DELETE: 'delete' };
  if (method === 'GET') {
    const record = collection.get(keyValues);
    return record === undefined
      ? respond(404, { error: { code: 'not-found', message: 'no record with this key' } })
      : respond(200, record);
  }
  const mode = modes[method];
  if (mode === undefined) return respond(405, { error: { code: 'method-not-allowed', message: method } });
  const result = apply(mode, body ?? {}, keyValues);
  return respond(result.status, result.error ? { error: result.error } : undefined);
}

/**
 * Lists a collection in key order (?sort=any: by the cursor field, then key; ?updated_since=V:
 * only records whose cursor is at or after V, in that order), paged by ?page&per_page (with a
 * Link header), ?offset&limit, or ?cursor&limit.
 */
function list(collection, url, respond) {
  const params = url.searchParams;
  const since = params.get('updated_since');
  const all = collection.list(since === null ? undefined : sinceValue(since), params.has('sort'));
  const size = Math.min(Number(params.get('per_page') ?? params.get('limit') ?? 1000), 1000);
  let start = 0;
  const headers = {};
  let nextCursor = null;
  if (params.has('page') || params.has('per_page')) {
    const page = Number(params.get('page') ?? 1);
    start = (page - 1) * size;
    if (start + size < all.length) {
      const next = new URLSearchParams(params);
      next.set('page', String(page + 1));
      headers.link = `<${url.origin}${url.pathname}?${next}>; rel="next"`;
    }
  } else if (params.has('offset')) {
    start = Number(params.get('offset'));
  } else if (params.has('cursor') || params.has('limit')) {
    const cursor = params.get('cursor');
    start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
    if (start + size < all.length) nextCursor = Buffer.from(String(start + size)).toString('base64url');
  }
  const items = all.slice(start, start + size);
  respond(200, { data: { items }, next_cursor: nextCursor, total: all.length }, headers);
}

function sinceValue(text) {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}
