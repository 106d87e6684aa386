import type { WriteMode } from '../../core/connector.js';
import { type Issue, recordIssue } from '../../core/issue.js';
import { parseJsonExact } from '../json-exact.js';
import { excerpt } from './http-failure.js';
import { type JsonPath, readJsonPath } from './json-path.js';

/** Where a 4xx answer's body tells which code, field and message apply (target option `errors`). */
export interface ErrorPaths {
  readonly code?: JsonPath;
  readonly field?: JsonPath;
  readonly message?: JsonPath;
}

/**
 * What one record's answer means: undefined when it was written (or, for delete, was already
 * gone), else the Issue to return as a rejected row.
 */
export function rejectIssue(
  mode: WriteMode,
  status: number,
  body: unknown,
  text: string,
  paths: ErrorPaths,
  keyField: string,
): Issue | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 404 && mode === 'delete') return undefined;
  const detail = (path: JsonPath | undefined) => {
    const value = path === undefined ? undefined : readJsonPath(body, path);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const message = detail(paths.message) ?? excerpt(text, 200);
  const said = `the API answered ${status}${message ? `: ${message}` : ''}`;
  const extra = { stage: 'write' as const };
  if (status === 404 && mode === 'update') {
    return recordIssue('row-not-found', keyField, `no record with this key (${said})`, extra);
  }
  if (status === 409 && mode === 'insert') {
    return recordIssue('duplicate-key', detail(paths.field) ?? keyField, `the key exists (${said})`, extra);
  }
  return recordIssue(detail(paths.code) ?? `http-${status}`, detail(paths.field) ?? '', said, extra);
}

/** The parsed body of an answer, or undefined when it is not JSON. */
export function tryParseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJsonExact(text);
  } catch {
    return undefined;
  }
}
