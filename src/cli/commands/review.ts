import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { renderReviewHtml } from '../../observe/render-review-html.js';
import { renderReviewMd } from '../../observe/render-review-md.js';
import { buildReview } from '../../observe/review-model.js';
import { parseReviewPeriod } from '../../observe/review-period.js';
import { nextReviewDue } from '../../observe/review-schedule.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput } from '../output.js';

export function reviewCommand(program: Command): void {
  program
    .command('review')
    .description('write the integration health review (HTML and Markdown) and show when the next one is due')
    .option(
      '--period <period>',
      'a month (2026-03), quarter (2026-Q1), year (2026) or last N days (30d); default since the last review',
    )
    .option('--out <dir>', 'folder to write to', 'reviews')
    .option('--due', 'only show when the next review is due')
    .action(async (options: { period?: string; out: string; due?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      const now = new Date();
      await withStore(project, async (store) => {
        const schedule = await nextReviewDue(project, store, now);
        if (options.due) {
          out.line(
            schedule === undefined
              ? 'not live yet: no flow has a successful run'
              : `next review due ${schedule.due.slice(0, 10)}${schedule.isOverdue ? out.paint('red', ' (overdue)') : ''} — ${schedule.rhythm}`,
          );
          return;
        }
        const [last] = await store.monitoring.listReviews(1);
        const since = last?.to ?? schedule?.goLive ?? now.toISOString();
        const period = options.period
          ? parseReviewPeriod(options.period, now)
          : { from: new Date(since), to: now, label: `since ${since.slice(0, 10)}` };
        const model = await buildReview(project.spec, store, period, now);
        await mkdir(options.out, { recursive: true });
        const base = path.join(
          options.out,
          `review-${model.period.from.slice(0, 10)}-to-${model.period.to.slice(0, 10)}`,
        );
        await writeFile(`${base}.html`, renderReviewHtml(model));
        await writeFile(`${base}.md`, renderReviewMd(model));
        await store.monitoring.recordReview({
          from: model.period.from,
          to: model.period.to,
          writtenAt: now.toISOString(),
          files: [`${base}.html`, `${base}.md`],
        });
        out.line(`wrote ${base}.html and ${base}.md`);
        const next = await nextReviewDue(project, store, now);
        if (next) out.line(`next review due ${next.due.slice(0, 10)} (${next.rhythm})`);
      });
    });
}
