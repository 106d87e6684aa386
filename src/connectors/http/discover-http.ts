import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { DiscoverRequest, OpenContext } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import { isRecord } from '../../core/is-record.js';
import type { TableShape } from '../../core/table-shape.js';
import { openHttpClient } from './http-client.js';
import type { HttpConfig } from './http-config.js';
import { openApiTables } from './openapi-tables.js';

/**
 * An http system is described by its OpenAPI 3 document (`connection.openapi`): read from a
 * file beside the spec, or fetched through the connector's own client, so the SSRF guard,
 * auth and TLS settings apply to it as to every other request.
 */
export async function discoverHttp(
  context: OpenContext<HttpConfig>,
  request: DiscoverRequest,
): Promise<readonly TableShape[]> {
  const { system, config } = context;
  const source = config.openapi;
  if (source === undefined)
    throw new IntegrationError(`system "${system}" has no OpenAPI document to discover it from`, {
      kind: 'config',
      code: 'openapi-missing',
      hint: 'add openapi: (a file relative to the spec, or a URL) to its connection',
    });
  const document = parseDocument(await readDocument(context, source), source, system);
  const tables = openApiTables(document, request.tables);
  const missing = request.tables.filter((name) => !tables.some((t) => t.name === name));
  if (missing.length > 0)
    throw new IntegrationError(
      `system "${system}": the OpenAPI document ${source} has no readable or writable path ${missing.map((m) => `"${m}"`).join(', ')}`,
      {
        kind: 'config',
        code: 'openapi-path-unknown',
        hint: `paths with records: ${
          openApiTables(document, [])
            .map((t) => t.name)
            .join(', ') || '(none)'
        }`,
      },
    );
  return tables;
}

async function readDocument(context: OpenContext<HttpConfig>, source: string): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    const file = path.resolve(context.baseDir, source);
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new IntegrationError(`system "${context.system}": cannot read the OpenAPI document ${file}`, {
        kind: 'config',
        code: 'openapi-unreadable',
        hint: 'openapi: is relative to the spec file',
        cause: error,
      });
    }
  }
  const client = await openHttpClient(context);
  try {
    const answer = await client.send(
      {
        method: 'GET',
        url: source,
        headers: { accept: 'application/json, application/yaml' },
        stage: 'read',
      },
      AbortSignal.timeout(context.config.timeout * 2),
    );
    if (answer.status < 200 || answer.status > 299)
      throw new IntegrationError(
        `system "${context.system}": the OpenAPI document ${source} answered ${answer.status}`,
        { kind: 'config', code: 'openapi-unreadable', hint: 'check the openapi: URL and the auth it needs' },
      );
    return answer.text;
  } finally {
    await client.close();
  }
}

function parseDocument(text: string, source: string, system: string): Readonly<Record<string, unknown>> {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    document = error;
  }
  const version = isRecord(document) ? document.openapi : undefined;
  if (!isRecord(document) || typeof version !== 'string' || !version.startsWith('3.'))
    throw new IntegrationError(`system "${system}": ${source} is not an OpenAPI 3 document`, {
      kind: 'config',
      code: 'openapi-invalid',
      hint: 'give an OpenAPI 3.0 or 3.1 document in JSON or YAML (with openapi: "3.x" at its top)',
    });
  return document;
}
