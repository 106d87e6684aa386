import type { IncomingMessage } from 'node:http';

/** The whole body, or 'too-large' as soon as it passes `limit` bytes (the rest is not read). */
export async function readRequestBody(
  request: IncomingMessage,
  limit: number,
): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
