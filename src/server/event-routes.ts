import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './server-context.js';

/** Live updates as Server-Sent Events: runs started, finished and skipped, dead letters changed. */
export function eventRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/events', { config: { role: 'viewer' } }, (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const unsubscribe = context.events.subscribe((event) => {
      response.write(`event: ${event.type}\ndata: ${context.redactor.redact(JSON.stringify(event))}\n\n`);
    });
    // A comment now and then keeps proxies from closing a quiet stream.
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), 15_000);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      if (!response.writableEnded) response.end();
    };
    request.raw.on('close', end);
    context.runner.stopping.addEventListener('abort', end, { once: true });
  });
}
