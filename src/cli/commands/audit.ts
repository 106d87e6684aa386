import type { Command } from 'commander';
import { parseDuration } from '../../engine/parse-duration.js';
import { CliExit, exitCode } from '../exit-code.js';
import { createOutput, formatTable } from '../output.js';
import { withStateStore } from '../with-state-store.js';

/** `syncline audit`: who did what, when, to what, and how it ended. */
export function auditCommand(program: Command): void {
  program
    .command('audit')
    .description('the audit log: logins, dashboard and API actions, and operator actions on the command line')
    .option('--since <when>', 'only entries since a duration ago (30m, 12h, 7d) or an ISO date')
    .option('--limit <n>', 'only the newest n entries', '200')
    .option('--json', 'print as JSON')
    .action(async (options: { since?: string; limit: string; json?: boolean }) => {
      const out = createOutput();
      const limit = Number(options.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new CliExit(exitCode.usage, `--limit takes a positive whole number, not "${options.limit}"`);
      }
      const since = options.since === undefined ? undefined : sinceTime(options.since);
      const entries = await withStateStore(program.opts<{ spec: string }>().spec, (store) =>
        store.access.listAudit({ ...(since === undefined ? {} : { since }), limit }),
      );
      if (options.json) return out.json({ entries });
      if (entries.length === 0) return out.line('no audit entries');
      out.line(
        formatTable(
          ['time', 'who', 'action', 'target', 'outcome', 'from'],
          entries.map((e) => [
            e.at,
            e.actor,
            e.action,
            e.target ?? '',
            e.outcome === 'ok' ? e.outcome : out.paint('red', e.outcome),
            e.origin ?? '',
          ]),
        ),
      );
    });
}

function sinceTime(text: string): string {
  if (/^\d+(ms|s|m|h|d)$/.test(text)) return new Date(Date.now() - parseDuration(text)).toISOString();
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new CliExit(
      exitCode.usage,
      `--since takes a duration (30m, 12h, 7d) or an ISO date, not "${text}"`,
    );
  }
  return new Date(time).toISOString();
}
