import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Ingress } from '../core/connector.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Webhook sources of served flows, mounted on the server's listener at POST /hooks/FLOW. The
 * source reads the raw request and answers it itself — 2xx only once the records are durable —
 * so the route hands it over untouched (no body parsing). Between two runs of the flow there is
 * no handler: 503 with Retry-After, and the sender sends again.
 */
export function webhookIngress(): {
  readonly forFlow: (flow: string) => Ingress;
  readonly routes: (app: FastifyInstance) => Promise<void>;
} {
  const handlers = new Map<string, Handler>();
  return {
    forFlow: (flow) => ({
      mount(handler) {
        handlers.set(flow, handler);
        return () => {
          if (handlers.get(flow) === handler) handlers.delete(flow);
        };
      },
    }),
    async routes(app) {
      await app.register(async (hooks) => {
        hooks.removeAllContentTypeParsers();
        // The source reads the body itself (it checks the signature over the exact bytes).
        hooks.addContentTypeParser('*', (_request, _payload, done) => done(null));
        hooks.post<{ Params: { flow: string } }>(
          '/hooks/:flow',
          // Senders prove themselves with the webhook signature, not a login.
          { config: { role: 'public' } },
          (request, reply) => {
            const handler = handlers.get(request.params.flow);
            if (!handler) {
              return reply
                .code(503)
                .header('retry-after', '1')
                .send({
                  error: {
                    code: 'webhook-not-listening',
                    message: `no run of flow "${request.params.flow}" is taking webhooks right now`,
                    hint: 'send again shortly; only served flows with a webhook source listen here',
                  },
                });
            }
            reply.hijack();
            handler(request.raw, reply.raw);
          },
        );
      });
    },
  };
}
