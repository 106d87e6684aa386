import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { packageRoot } from './package-root.js';

/**
 * Where `npm run build` puts the dashboard (vite, web/ → dist/web), from the package's root:
 * the same from the bundled CLI, the compiled server and the sources the tests import.
 */
export const defaultWebRoot = path.join(packageRoot(), 'dist', 'web');

const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * The dashboard's page paths (web/src/app.tsx routes on the client): each answers index.html,
 * so a bookmarked or reloaded page opens where it was. Keep the two lists together.
 */
export const pagePaths = ['/', '/flows/*', '/runs/*', '/plan', '/plan/*', '/alerts', '/audit'] as const;

/**
 * Serves the dashboard: its hashed assets (cached for good) and index.html for every page path
 * the browser asks for (the pages route on the client). The files are public — the sign-in
 * page must load before anyone is signed in; everything they show comes from the API, which
 * checks the caller.
 */
export async function webApp(app: FastifyInstance, webRoot: string = defaultWebRoot): Promise<void> {
  const isBuilt = existsSync(path.join(webRoot, 'index.html'));
  if (isBuilt) await app.register(fastifyStatic, { root: webRoot, serve: false });

  const sendIndex = (reply: FastifyReply) => {
    reply.headers(securityHeaders).header('cache-control', 'no-cache');
    return isBuilt ? reply.sendFile('index.html') : reply.type('text/html; charset=utf-8').send(notBuiltPage);
  };

  for (const page of pagePaths) {
    app.get(page, { config: { role: 'public' } }, (_request, reply) => sendIndex(reply));
  }
  app.get<{ Params: { '*': string } }>('/assets/*', { config: { role: 'public' } }, (request, reply) => {
    if (!isBuilt) return reply.code(404).send();
    return reply
      .headers(securityHeaders)
      .sendFile(path.posix.join('assets', request.params['*']), { immutable: true, maxAge: '365d' });
  });
  app.get('/favicon.svg', { config: { role: 'public' } }, (_request, reply) =>
    isBuilt ? reply.sendFile('favicon.svg', { maxAge: '1d' }) : reply.code(404).send(),
  );
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>syncline</title></head>
<body style="font:15px system-ui,sans-serif;margin:2rem">
<h1>The dashboard is not built</h1>
<p>Run <code>npm run build</code> in the syncline folder (it builds web/ into dist/web), then reload.
The JSON API works meanwhile: <a href="/api/flows">/api/flows</a>.</p>
</body></html>
`;
