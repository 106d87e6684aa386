/**
 * The dashboard's one way to the server: JSON over fetch with the session cookie, the CSRF
 * token on every state-changing request, and the server's error shape turned into ApiError.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** Remembers the token /api/login or /api/me handed out for this session. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const unauthenticatedListeners = new Set<() => void>();

/** Called whenever the server answers 401: the session expired or was never there. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** Calls an API route and returns its JSON (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text === '' ? undefined : safeParse(text);
  if (!response.ok) {
    if (response.status === 401) for (const listener of unauthenticatedListeners) listener();
    throw errorOf(response.status, json, text);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server answers `{error: {code, message, hint}}` (API) or `{error, message}` (login). */
function errorOf(status: number, json: unknown, text: string): ApiError {
  const body = (json ?? {}) as { error?: unknown; message?: unknown };
  if (typeof body.error === 'object' && body.error !== null) {
    const error = body.error as { code?: string; message?: string; hint?: string };
    return new ApiError(status, error.code ?? 'error', error.message ?? text, error.hint);
  }
  const code = typeof body.error === 'string' ? body.error : `http-${status}`;
  const message = typeof body.message === 'string' ? body.message : text || `HTTP ${status}`;
  return new ApiError(status, code, message);
}

/** The signed-in caller, as GET /api/me and POST /api/login describe it. */
export interface Me {
  readonly user: string;
  readonly role: 'viewer' | 'operator' | 'admin';
  readonly via?: string;
  readonly csrfToken?: string;
}

const roleRank = { viewer: 0, operator: 1, admin: 2 } as const;

/** Whether the caller's role includes `need` (admin ⊃ operator ⊃ viewer). */
export function can(me: Me | undefined, need: Me['role']): boolean {
  return me !== undefined && roleRank[me.role] >= roleRank[need];
}
