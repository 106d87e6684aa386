import type { OpenContext, Target, TargetOpenOptions } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Row } from '../../core/row.js';
import { parseJsonExact } from '../json-exact.js';
import { type HttpClient, openHttpClient } from './http-client.js';
import type { HttpConfig } from './http-config.js';
import { excerpt } from './http-failure.js';
import { type HttpTargetOptions, httpTargetModes } from './http-target-options.js';
import { compileJsonPath } from './json-path.js';
import type { ErrorPaths } from './reject-issue.js';
import { collectionPath, compileUrlTemplate } from './url-template.js';
import { writeBatchEndpoint } from './write-batch-endpoint.js';
import { writeRecords } from './write-records.js';

export async function openHttpTarget(
  context: OpenContext<HttpConfig>,
  request: TargetOpenOptions<HttpTargetOptions>,
): Promise<Target> {
  const { system } = context;
  const options = request.options;
  if (!httpTargetModes.includes(request.mode)) {
    throw new IntegrationError(`System "${system}": the http target cannot ${request.mode}`, {
      kind: 'config',
      code: 'mode-not-supported',
      hint: `Use one of ${httpTargetModes.join(', ')}.`,
    });
  }
  const errors: ErrorPaths = {
    ...(options.errors.code ? { code: compileJsonPath(options.errors.code, system, 'errors.code') } : {}),
    ...(options.errors.field ? { field: compileJsonPath(options.errors.field, system, 'errors.field') } : {}),
    ...(options.errors.message
      ? { message: compileJsonPath(options.errors.message, system, 'errors.message') }
      : {}),
  };
  const recordUrl = compileUrlTemplate(options.path);
  const createUrl = compileUrlTemplate(options.createPath ?? collectionPath(options.path));
  const batchResults = options.batch
    ? compileJsonPath(options.batch.results, system, 'batch.results')
    : undefined;
  const client = await openHttpClient(context);
  try {
    if (options.check !== undefined) await check(client, system, options.check, context.config.timeout);
  } catch (error) {
    await client.close();
    throw error;
  }

  let isClosed = false;
  return {
    async write(write, signal) {
      const base = {
        system,
        client,
        mode: write.mode,
        key: write.key,
        errors,
        idempotencyHeader: options.idempotencyHeader,
      };
      if (options.batch !== undefined) {
        const { path, method, size, recordsField, modeField, status } = options.batch;
        const results = batchResults as NonNullable<typeof batchResults>;
        return writeBatchEndpoint(
          { ...base, path, method, size, recordsField, modeField, results, statusField: status },
          write.rows,
          signal,
        );
      }
      const method = options.methods[write.mode as keyof typeof options.methods];
      if (method === undefined) throw new Error(`no method for mode ${write.mode}`);
      const target = write.mode === 'insert' ? createUrl : recordUrl;
      return writeRecords({ ...base, method, target, concurrency: options.concurrency }, write.rows, signal);
    },
    async readByKeys(keys, key) {
      const found: Row[] = [];
      for (const keyRow of keys) {
        const url = recordUrl.expand(keyRow);
        if ('missing' in url) continue;
        const response = await client.send(
          { method: 'GET', url: url.path, stage: 'read' },
          AbortSignal.timeout(context.config.timeout * 4),
        );
        if (response.status === 404) continue;
        if (response.status >= 300) {
          throw new IntegrationError(
            `System "${system}": GET ${url.path} answered ${response.status}: ${excerpt(response.text)}`,
            {
              kind: 'config',
              code: 'http-request-refused',
              stage: 'read',
              hint: `Check to.path (used to read records by ${key.join(', ')}).`,
            },
          );
        }
        found.push(parseJsonExact(response.text) as Row);
      }
      return found;
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await client.close();
    },
  };
}

async function check(client: HttpClient, system: string, path: string, timeout: number): Promise<void> {
  const response = await client.send(
    { method: 'GET', url: path, stage: 'write' },
    AbortSignal.timeout(timeout * 4),
  );
  if (response.status >= 200 && response.status < 300) return;
  const url = client.resolve(path);
  throw new IntegrationError(
    `System "${system}": GET ${url.origin}${url.pathname} (to.check) answered ${response.status}${response.status === 404 ? ': no such collection' : ''}: ${excerpt(response.text, 200)}`,
    {
      kind: 'config',
      code: response.status === 404 ? 'table-not-found' : 'http-request-refused',
      stage: 'write',
      hint: 'Check to.path, to.check and connection.baseUrl.',
    },
  );
}
