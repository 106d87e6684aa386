import type { Command } from 'commander';
import type { CompiledFlow } from '../../engine/compiled-flow.js';
import { connectFlow } from '../../engine/connect-flow.js';
import { rollbackRun } from '../../engine/rollback-run.js';
import { loadSecretLookup } from '../../secrets/stored-secrets.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput } from '../output.js';
import { recordCliAction } from '../record-cli-action.js';
import { printRuns } from './run.js';

export function rollbackCommand(program: Command): void {
  program
    .command('rollback')
    .description('undo what a run wrote, from its journal (flows with rollback: journal)')
    .argument('<run>', 'the run to undo, e.g. run-000042')
    .option('--dry-run', 'say what would be restored, change nothing')
    .option('--force', 'also restore records that changed again after the run')
    .option('--json', 'print the report as JSON')
    .action(async (runId: string, options: { dryRun?: boolean; force?: boolean; json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      const report = await withStore(project, async (store) => {
        const secret = await loadSecretLookup(store.access, process.env);
        const connect = (flow: CompiledFlow) =>
          connectFlow(flow, { baseDir: project.baseDir, env: process.env, secret });
        const done = await rollbackRun({
          runId,
          flows: project.flows,
          connect,
          store,
          force: options.force,
          dryRun: options.dryRun,
        });
        if (!options.dryRun) {
          await recordCliAction(store, {
            action: 'run.rollback',
            target: runId,
            outcome: done.refused ? 'failed' : 'ok',
            detail: { records: done.records, conflicts: done.conflicts, force: options.force ?? false },
          });
        }
        return done;
      });
      if (options.json) out.json(report);
      else {
        const verb = options.dryRun && !report.refused ? 'would restore' : 'restores';
        out.line(
          `rollback of ${report.of.id} (flow ${report.of.flow}, ${report.of.startedAt}): ${verb} ${report.records} records`,
        );
        if (report.conflicts > 0) {
          out.line(
            out.paint(
              report.refused ? 'red' : 'yellow',
              `${report.conflicts} records changed again after the run${report.refused ? '; nothing was changed' : ''}:`,
            ),
          );
          for (const conflict of report.sampleConflicts)
            out.line(`  ${JSON.stringify(conflict.key)}: ${conflict.reason}`);
          if (report.refused) out.line('to restore them anyway (losing those later changes), add --force');
        }
        if (report.run) printRuns([report.run], out);
      }
      if (report.refused || (report.run && report.run.status !== 'succeeded'))
        throw new CliExit(exitCode.failures);
    });
}
