// Runs the test API standalone: node test/support/test-api/start.mjs [--port N] [--tls-port N] [--no-tls]
// Prints the URLs (and the certificate folder) as JSON on one line, then serves until stopped.
import { parseArgs } from 'node:util';
import { startTestApi } from './test-api.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'tls-port': { type: 'string', default: '0' },
    'no-tls': { type: 'boolean', default: false },
    'token-ttl': { type: 'string', default: '3600' },
  },
});
const api = await startTestApi({
  port: Number(values.port),
  tlsPort: Number(values['tls-port']),
  tls: !values['no-tls'],
  tokenTtlSeconds: Number(values['token-ttl']),
});
process.stdout.write(
  `${JSON.stringify({ url: api.url, tlsUrl: api.tlsUrl ?? null, certificates: api.certificates?.dir ?? null })}\n`,
);
const stop = async () => {
  await api.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
