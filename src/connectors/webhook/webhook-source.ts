import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import { type Delivery, messageBatches } from '../queue/message-batches.js';
import { messageInbox } from '../queue/message-inbox.js';
import { readRequestBody } from './read-request-body.js';
import { verifyWebhookSignature } from './verify-webhook-signature.js';
import type { WebhookConfig } from './webhook-config.js';
import type { WebhookSourceOptions } from './webhook-source-options.js';

/** A request whose records are not all durable yet; answered when the last one is. */
interface HeldRequest {
  readonly response: ServerResponse;
  remaining: number;
  readonly count: number;
}

/**
 * Listens for signed POSTs of JSON records (one object, or an array of them) while a run lasts.
 * A request is answered 200 only once every record it carried is durable — written, or stored as
 * a dead letter — so a sender that got no 2xx sends again (docs/decisions/0012 and 0013).
 * 401 bad or stale signature, 400 not JSON, 413 too large, 503 when the run is over.
 */
export async function openWebhookSource(
  context: OpenContext<WebhookConfig>,
  request: SourceOpenOptions<WebhookSourceOptions>,
): Promise<Source> {
  const { config, system } = context;
  const { options, batchSize } = request;
  const inbox = messageInbox<Delivery>();
  const held = new Set<HeldRequest>();
  let accepting = true;
  let accepted = 0;

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    // Any request counts as activity: the run ends only after idleMs without any.
    inbox.touch();
    const path = new URL(incoming.url ?? '/', 'http://listener').pathname;
    // Mounted in syncline serve, the server has chosen the path (/hooks/FLOW).
    if (!context.ingress && path !== config.path) return reply(response, 404, 'no webhook at this path');
    if (incoming.method !== 'POST') return reply(response, 405, 'POST only');
    const body = await readRequestBody(incoming, config.maxBodyBytes);
    if (body === 'too-large') {
      response.setHeader('connection', 'close');
      return reply(response, 413, `the body is larger than ${config.maxBodyBytes} bytes`);
    }
    const header = (name: string) => {
      const value = incoming.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const refused = verifyWebhookSignature(
      {
        id: header('webhook-id'),
        timestamp: header('webhook-timestamp'),
        signature: header('webhook-signature'),
        body,
      },
      config.secret,
      Math.floor(Date.now() / 1000),
    );
    if (refused !== undefined) return reply(response, 401, `signature refused: ${refused}`);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(response, 400, 'the body is not JSON');
    }
    if (!accepting || (options.maxRequests !== undefined && accepted >= options.maxRequests)) {
      return reply(response, 503, 'not accepting requests now; send again later');
    }
    accepted++;
    const records: unknown[] = Array.isArray(json) ? json : [json];
    if (records.length === 0) return reply(response, 200, { received: 0 });
    const pending: HeldRequest = { response, remaining: records.length, count: records.length };
    held.add(pending);
    for (const record of records) {
      inbox.push({
        body: Buffer.from(JSON.stringify(record) ?? 'null', 'utf8'),
        settle: async () => {
          pending.remaining--;
          if (pending.remaining > 0) return;
          held.delete(pending);
          reply(response, 200, { received: pending.count });
        },
      });
    }
  }

  const onRequest = (incoming: IncomingMessage, response: ServerResponse) => {
    handle(incoming, response).catch(() => reply(response, 500, 'the request could not be read'));
  };
  const unmount = context.ingress?.mount(onRequest);
  const server = unmount ? undefined : createServer(onRequest);
  if (server) await listen(server, config, system);

  const batches = messageBatches({
    batchSize,
    limits: { idleMs: options.idleMs },
    where: `system "${system}" webhook ${config.path}`,
    // What has arrived is written at once: each sender is waiting for its answer.
    lingerMs: 0,
    pull: (idleMs, signal) => inbox.next(idleMs, signal),
  });
  let closed = false;

  return {
    incremental: true,
    async *read(_from, signal) {
      try {
        yield* batches.read(signal);
      } finally {
        accepting = false;
      }
    },
    acknowledge: (checkpoint) => batches.acknowledge(checkpoint),
    async close() {
      if (closed) return;
      closed = true;
      accepting = false;
      // Records not durable: the sender is told to send again.
      for (const pending of held) {
        pending.response.setHeader('connection', 'close');
        reply(pending.response, 503, 'the run ended before the records were stored; send again');
      }
      held.clear();
      inbox.drain();
      unmount?.();
      if (!server) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Answers already written close their connections; a sender still uploading is cut off.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
    },
  };
}

function reply(response: ServerResponse, status: number, body: string | Record<string, unknown>): void {
  if (response.headersSent || response.writableEnded) return;
  const payload = typeof body === 'string' ? { error: body } : body;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

async function listen(
  server: ReturnType<typeof createServer>,
  config: WebhookConfig,
  system: string,
): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new IntegrationError(
      `System "${system}": cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`,
      {
        kind: code === 'EADDRINUSE' ? 'transient' : 'config',
        code: code === 'EADDRINUSE' ? 'port-in-use' : 'listen-failed',
        cause: error,
        hint: `Check connection.host and connection.port of system "${system}" (another run of the flow may still be listening).`,
      },
    );
  }
}
