import type { Command } from 'commander';
import { didYouMean } from '../../core/did-you-mean.js';
import { connectFlow } from '../../engine/connect-flow.js';
import { dryRunFlow } from '../../engine/dry-run-flow.js';
import { runFlow } from '../../engine/run-flow.js';
import { createSystemGuards } from '../../engine/system-guards.js';
import { loadSecretLookup } from '../../secrets/stored-secrets.js';
import type { RunRecord } from '../../store/state-store.js';
import { cliLogger } from '../cli-logger.js';
import { CliExit, exitCode } from '../exit-code.js';
import { orderFlows } from '../flow-order.js';
import { loadProject, type Project, withStore } from '../load-project.js';
import { createOutput, formatTable, type Output, runDuration } from '../output.js';
import { checkProductionGate } from '../production-gate.js';
import { printDryRun } from './print-dry-run.js';

interface RunOptions {
  json?: boolean;
  strict?: boolean;
  dryRun?: boolean;
  env?: string;
  force?: boolean;
}

export function runCommand(program: Command): void {
  program
    .command('run')
    .description('run flows now, from their checkpoints (all enabled flows when none is named)')
    .argument('[flows...]', 'flow names')
    .option('--json', 'print the run summaries as JSON')
    .option('--strict', 'exit with 1 when records were dead-lettered, not only when a run failed')
    .option(
      '--dry-run',
      'read and map, compare with the target, write nothing: inserts, updates, unchanged, rejected',
    )
    .option('--env <name>', 'the environment; production refuses to start while syncline plan finds errors')
    .option(
      '--force',
      'with --env production: start despite plan errors (recorded in the audit log: syncline audit)',
    )
    .action(async (names: string[], options: RunOptions) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out, { forRuns: true });
      const flows = selectFlows(project, names, out);
      if (options.dryRun) return dryRun(project, flows, options, out);
      await checkProductionGate(project, { env: options.env, force: options.force, flows }, out);
      const controller = new AbortController();
      const stop = () => {
        out.error('stopping after the current batch (press Ctrl-C again to force)…');
        controller.abort(new Error('stopped by the operator'));
        process.once('SIGINT', () => process.exit(130));
      };
      process.once('SIGINT', stop);
      const runs: RunRecord[] = [];
      const skipped: string[] = [];
      const logger = cliLogger(out, program.opts<{ verbose?: boolean }>().verbose ?? false);
      // One rate limit and circuit breaker per system for all the flows of this command.
      const guards = createSystemGuards();
      try {
        await withStore(project, async (store) => {
          const secret = await loadSecretLookup(store.access, process.env);
          for (const name of orderFlows(flows, project.spec.flows ?? {})) {
            if (controller.signal.aborted) break;
            const flow = project.flows.get(name);
            if (!flow) continue;
            const upstream = flow.spec.trigger?.after;
            const upstreamRun = runs.find((run) => run.flow === upstream);
            if (upstreamRun && upstreamRun.status !== 'succeeded') {
              skipped.push(name);
              out.error(`skipped ${name}: it runs after ${upstream}, which did not succeed`);
              continue;
            }
            if (!options.json) out.line(out.paint('dim', `running ${name}…`));
            const run = await runFlow({
              flow,
              store,
              endpoints: connectFlow(flow, { baseDir: project.baseDir, env: process.env, secret }),
              signal: controller.signal,
              logger,
              guards,
            });
            runs.push(run);
          }
        });
      } finally {
        process.removeListener('SIGINT', stop);
      }
      if (options.json) out.json({ runs });
      else printRuns(runs, out);
      const failed = skipped.length > 0 || runs.some((run) => run.status !== 'succeeded');
      const dead = runs.some((run) => run.deadLettered > 0);
      if (failed || (options.strict && dead)) throw new CliExit(exitCode.failures);
    });
}

export function selectFlows(project: Project, names: readonly string[], out: Output): string[] {
  const declared = Object.entries(project.spec.flows ?? {});
  if (names.length === 0) return declared.filter(([, flow]) => flow.enabled).map(([name]) => name);
  const unknown = names.filter((name) => !project.flows.has(name));
  for (const name of unknown) {
    const guess = didYouMean(
      name,
      declared.map(([n]) => n),
    );
    out.error(`unknown flow "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
  }
  if (unknown.length > 0) throw new CliExit(exitCode.usage);
  return [...names];
}

export function printRuns(runs: readonly RunRecord[], out: Output): void {
  out.line();
  out.line(
    formatTable(
      ['flow', 'run', 'status', 'read', 'written', 'dead letters', 'warnings', 'duration'],
      runs.map((run) => [
        run.flow,
        run.id,
        paintStatus(run.status, out),
        String(run.read),
        String(run.written),
        run.deadLettered > 0 ? out.paint('yellow', String(run.deadLettered)) : '0',
        String(run.warnings),
        runDuration(run),
      ]),
    ),
  );
  for (const run of runs) {
    if (run.error) {
      out.line();
      out.line(out.paint('red', `${run.flow} failed [${run.error.code}]: ${run.error.message}`));
      if (run.error.hint) out.line(`  hint: ${run.error.hint}`);
    }
  }
}

export function paintStatus(status: RunRecord['status'], out: Output): string {
  if (status === 'succeeded') return out.paint('green', status);
  if (status === 'running') return out.paint('cyan', status);
  return out.paint('red', status);
}

async function dryRun(
  project: Project,
  names: readonly string[],
  options: RunOptions,
  out: Output,
): Promise<void> {
  const reports = await withStore(project, async (store) => {
    const done = [];
    const secret = await loadSecretLookup(store.access, process.env);
    for (const name of names) {
      const flow = project.flows.get(name);
      if (!flow) continue;
      const endpoints = connectFlow(flow, { baseDir: project.baseDir, env: process.env, secret });
      done.push(await dryRunFlow({ flow, endpoints, store }));
    }
    return done;
  });
  if (options.json) out.json({ dryRuns: reports });
  else for (const report of reports) printDryRun(report, out);
}
