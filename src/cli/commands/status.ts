import type { Command } from 'commander';
import { flowStage } from '../../cutover/flow-stage.js';
import type { RunRecord } from '../../store/state-store.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput, formatTable, runDuration } from '../output.js';
import { paintStatus } from './run.js';

export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('the stage and last run of every flow, and its open dead letters')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      const rows = await withStore(project, async (store) =>
        Promise.all(
          Object.entries(project.spec.flows ?? {}).map(async ([flow, spec]) => ({
            flow,
            stage: await flowStage(store, { name: flow, spec }),
            lastRun: (await store.listRuns({ flow, limit: 1 }))[0] as RunRecord | undefined,
            openDeadLetters: await store.countDeadLetters({ flow, status: 'open' }),
          })),
        ),
      );
      if (options.json) {
        out.json({ flows: rows });
        return;
      }
      out.line(
        formatTable(
          [
            'flow',
            'stage',
            'last run',
            'status',
            'started',
            'duration',
            'read',
            'written',
            'dead letters',
            'open',
          ],
          rows.map(({ flow, stage, lastRun, openDeadLetters }) => [
            flow,
            stage,
            lastRun?.id ?? '-',
            lastRun ? paintStatus(lastRun.status, out) : out.paint('dim', 'never run'),
            lastRun?.startedAt.replace('T', ' ').slice(0, 19) ?? '',
            lastRun ? runDuration(lastRun) : '',
            String(lastRun?.read ?? ''),
            String(lastRun?.written ?? ''),
            String(lastRun?.deadLettered ?? ''),
            openDeadLetters > 0 ? out.paint('yellow', String(openDeadLetters)) : '0',
          ]),
        ),
      );
      for (const { lastRun } of rows) {
        if (lastRun?.error)
          out.line(out.paint('red', `${lastRun.flow}: [${lastRun.error.code}] ${lastRun.error.message}`));
      }
    });
}
