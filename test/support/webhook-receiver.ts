import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server that keeps every JSON body POSTed to it; `status` sets its answer. */
export interface WebhookReceiver {
  readonly url: string;
  readonly bodies: Record<string, unknown>[];
  status: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const bodies: Record<string, unknown>[] = [];
  const receiver = { bodies, status: 200 } as { bodies: typeof bodies; status: number };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (receiver.status < 300) bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.statusCode = receiver.status;
      response.end(receiver.status < 300 ? 'ok' : 'receiver down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/T0SECRET/B0SECRET/abcdefTOKEN`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
