import type { Command } from 'commander';
import { flowStage } from '../../cutover/flow-stage.js';
import { type ReviewStatus, reviewStatus } from '../../observe/review-status.js';
import type { RunRecord } from '../../store/state-store.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput, formatTable, type Output, runDuration } from '../output.js';
import { paintStatus } from './run.js';

export function statusCommand(program: Command): void {
  program
    .command('status')
    .description(
      'the stage and last run of every flow, its open dead letters, and when the next health review is due',
    )
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      const { rows, review } = await withStore(project, async (store) => ({
        rows: await Promise.all(
          Object.entries(project.spec.flows ?? {}).map(async ([flow, spec]) => ({
            flow,
            stage: await flowStage(store, { name: flow, spec }),
            lastRun: (await store.listRuns({ flow, limit: 1 }))[0] as RunRecord | undefined,
            openDeadLetters: await store.countDeadLetters({ flow, status: 'open' }),
          })),
        ),
        // The same function as GET /api/review.
        review: await reviewStatus(project, store, new Date()),
      }));
      if (options.json) {
        out.json({ flows: rows, review });
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
      out.line(reviewLine(review, out));
    });
}

/** "next health review due 2026-12-29 (…)", or overdue, or not started before go-live. */
function reviewLine(review: ReviewStatus, out: Output): string {
  const { nextDue, every } = review.schedule;
  if (nextDue === undefined)
    return out.paint('dim', `health reviews (${every}) start with the first successful run`);
  const day = nextDue.slice(0, 10);
  return review.overdue
    ? out.paint('red', `health review overdue: it was due ${day} — run syncline review (${every})`)
    : `next health review due ${day} (${every})`;
}
