import type { Command } from 'commander';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput } from '../output.js';

interface ServeOptions {
  auth: boolean;
  port: string;
  host: string;
  grace: string;
  consumeWindow: string;
}

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'run flows on their triggers (schedules, after:, queue and webhook sources) and serve /api, /metrics, /healthz, /readyz',
    )
    .option('--port <port>', 'port to listen on', '8080')
    .option(
      '--host <host>',
      'address to listen on (0.0.0.0 for every interface, behind a TLS proxy)',
      '127.0.0.1',
    )
    .option('--no-auth', 'no login (a local trial only: refused unless --host is a loopback address)')
    .option('--grace <seconds>', 'on SIGTERM or SIGINT, how long running batches may take to finish', '30')
    .option(
      '--consume-window <seconds>',
      'how long a queue or webhook run waits for messages before the next run',
      '60',
    )
    .addHelpText(
      'after',
      '\nOne run per flow at a time, also across processes sharing the state store. Logs are JSON lines\n' +
        'with secret values masked. See docs/serve.md.',
    )
    .action(async (options: ServeOptions) => {
      const out = createOutput();
      const port = wholeNumber(options.port, '--port', 0, 65535);
      const graceMs = wholeNumber(options.grace, '--grace', 0, 3600) * 1000;
      const consumeWindowMs = wholeNumber(options.consumeWindow, '--consume-window', 1, 86_400) * 1000;
      const project = await loadProject(program.opts<{ spec: string }>().spec, out, { forRuns: true });
      // fastify and pino load only for this command, so the rest of the CLI starts fast.
      const { serveProject } = await import('../../server/serve-project.js');
      const { accessControl } = await import('../../server/auth/access-control.js');
      const { checkServeAccess } = await import('../../server/auth/check-serve-access.js');
      const { schedulableFlows } = await import('../../cutover/flow-stage.js');
      await withStore(project, async (store) => {
        // Never open by accident (decision 0032): an admin must exist, or --no-auth on loopback.
        const mode = await checkServeAccess(store.access, { host: options.host, noAuth: !options.auth });
        // Live flows run on their triggers; flows in draft, testing, parallel or retired do not
        // (decision 0028). A stage moved while serving takes effect at the next start.
        // Parallel flows are compared on their triggers instead (shadow mode, decision 0038).
        const schedulable = await schedulableFlows(store, [...project.flows.values()]);
        const live = new Set(schedulable.filter((s) => s.mode === 'run').map((s) => s.flow));
        const shadow = new Set(schedulable.filter((s) => s.mode === 'shadow').map((s) => s.flow));
        const serving = await serveProject({
          project,
          store,
          port,
          host: options.host,
          consumeWindowMs,
          admit: (flow) => live.has(flow.name),
          shadow: (flow) => shadow.has(flow.name),
          auth: async (app) => {
            await app.register(accessControl({ store: store.access, mode }));
          },
        });
        const signal = await new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGTERM', () => resolve('SIGTERM'));
          process.once('SIGINT', () => resolve('SIGINT'));
        });
        serving.log.info({ signal }, 'stopping');
        const isClean = await serving.close(graceMs);
        serving.log.info({ isClean }, 'stopped');
        if (!isClean)
          throw new CliExit(exitCode.failures, 'runs were still going when the grace period ended');
      });
    });
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliExit(exitCode.usage, `${option} takes a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}
