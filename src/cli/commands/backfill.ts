import type { Command } from 'commander';
import { IntegrationError } from '../../core/integration-error.js';
import { defaultChunk, maxParallel } from '../../engine/backfill/plan-backfill.js';
import { type BackfillReport, runBackfill } from '../../engine/backfill/run-backfill.js';
import { connectFlow } from '../../engine/connect-flow.js';
import { backfillProgress } from '../backfill-progress.js';
import { cliLogger } from '../cli-logger.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput, formatDuration, type Output } from '../output.js';
import { selectFlows } from './run.js';

interface BackfillOptions {
  from?: string;
  to?: string;
  chunk?: string;
  rate?: string;
  parallel?: string;
  restart?: boolean;
  json?: boolean;
}

export function backfillCommand(program: Command): void {
  program
    .command('backfill')
    .description(
      "move a flow's history in resumable chunks, beside its incremental runs (its checkpoint is not touched)",
    )
    .argument('<flow>', 'flow name')
    .option('--from <value>', 'oldest cursor value to move, inclusive (e.g. 2015-01-01)')
    .option('--to <value>', 'cursor value to stop before, exclusive')
    .option('--chunk <n>', `rows per chunk (default: backfill.chunk, else ${defaultChunk})`)
    .option('--rate <r>', 'most records per second read from the source')
    .option('--parallel <p>', `chunks moved at the same time, 1-${maxParallel} (default 1)`)
    .option('--restart', 'abandon the unfinished backfill of the flow and plan a new one')
    .option('--json', 'print the final report as JSON')
    .addHelpText(
      'after',
      '\nRun the same command again after a crash or Ctrl-C: it resumes after the last finished chunk.\nSee docs/backfill.md.',
    )
    .action(async (name: string, options: BackfillOptions) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out, { forRuns: true });
      const [selected] = selectFlows(project, [name], out);
      const flow = project.flows.get(selected ?? name);
      if (!flow) throw new CliExit(exitCode.usage);
      const spec = flow.spec.backfill ?? {};
      const settings = {
        from: options.from ?? spec.from,
        to: options.to ?? spec.to,
        chunk:
          number(options.chunk, '--chunk', { integer: true, max: 1_000_000 }) ?? spec.chunk ?? defaultChunk,
        rate: number(options.rate, '--rate', {}) ?? spec.rate,
        parallel:
          number(options.parallel, '--parallel', { integer: true, max: maxParallel }) ?? spec.parallel ?? 1,
      };
      const controller = new AbortController();
      const stop = () => {
        out.error('\nstopping after the current batches (press Ctrl-C again to force)…');
        controller.abort(new Error('stopped by the operator'));
        process.once('SIGINT', () => process.exit(130));
      };
      process.once('SIGINT', stop);
      const progress = options.json ? undefined : backfillProgress();
      try {
        const report = await withStore(project, (store) =>
          runBackfill({
            flow,
            store,
            settings,
            restart: options.restart,
            endpoints: connectFlow(flow, { baseDir: project.baseDir, env: process.env }),
            signal: controller.signal,
            logger: cliLogger(out, program.opts<{ verbose?: boolean }>().verbose ?? false),
            onProgress: progress?.update,
          }),
        );
        progress?.end();
        if (options.json) out.json(report);
        else printReport(report, out);
        if (report.run.status !== 'succeeded') throw new CliExit(exitCode.failures);
      } finally {
        process.removeListener('SIGINT', stop);
      }
    });
}

function number(
  text: string | undefined,
  option: string,
  limits: { integer?: boolean; max?: number },
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const isWhole = !limits.integer || Number.isInteger(value);
  if (Number.isFinite(value) && value > 0 && isWhole && value <= (limits.max ?? Number.POSITIVE_INFINITY))
    return value;
  throw new IntegrationError(
    `${option} must be a positive ${limits.integer ? 'whole number' : 'number'}${limits.max ? ` up to ${limits.max}` : ''}, got "${text}"`,
    { kind: 'config', code: 'invalid-option', hint: `e.g. ${option} ${limits.integer ? '4' : '500'}` },
  );
}

function printReport(report: BackfillReport, out: Output): void {
  const { run } = report;
  const n = (value: number) => value.toLocaleString('en-US');
  const seconds = report.elapsedMs / 1000;
  out.line();
  out.line(
    `backfill ${report.backfill?.id ?? '(not planned)'} of flow ${run.flow}: ${report.backfill?.status ?? run.status} (run ${run.id}, ${run.status})`,
  );
  if (report.column !== undefined) {
    out.line(
      `  planned by   ${report.by} ${report.column}, ${n(report.total)} rows${report.resumed ? ' (resumed)' : ''}`,
    );
  }
  out.line(`  chunks       ${report.chunksDone}/${report.chunks} done, ${report.chunksThisRun} in this run`);
  out.line(
    `  rows         read ${n(report.read)}, written ${n(report.written)}, dead-lettered ${n(report.deadLettered)}, skipped (newer in target) ${n(report.skipped)}`,
  );
  out.line(`  duration     ${formatDuration(report.elapsedMs)} (this run)`);
  out.line(`  throughput   ${n(seconds > 0 ? Math.round(report.rowsThisRun / seconds) : 0)} rows/s`);
  if (run.error) {
    out.line();
    out.line(
      out.paint('red', `${run.flow} backfill ${run.status} [${run.error.code}]: ${run.error.message}`),
    );
    if (run.error.hint) out.line(`  hint: ${run.error.hint}`);
  }
  if (report.deadLettered > 0) out.line(`  see them with: syncline dead-letters list --flow ${run.flow}`);
}
