import type { Command } from 'commander';
import { parseDuration } from '../../engine/parse-duration.js';
import { snoozeAlert } from '../../observe/snooze-alert.js';
import { startAlerting } from '../../observe/start-alerting.js';
import { alertRuleNames } from '../../spec/alerting-schema.js';
import { cliLogger } from '../cli-logger.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { operatorName } from '../operator-name.js';
import { createOutput, formatTable, type Output } from '../output.js';

const when = (iso: string | undefined) => iso?.replace('T', ' ').slice(0, 16) ?? '';

export function alertsCommand(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('alert state and history; snooze an alert; evaluate the rules once and send (from cron)');
  const spec = () => program.opts<{ spec: string }>().spec;

  alerts
    .command('list')
    .description('every alert with its state: firing or clear, since when, snoozed until')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(spec(), out);
      const states = await withStore(project, (store) => store.monitoring.listAlerts());
      if (options.json) return out.json({ alerts: states });
      if (states.length === 0) return out.line('no alert has fired yet');
      out.line(
        formatTable(
          ['alert', 'status', 'severity', 'since', 'snoozed until', 'message'],
          states.map((a) => [
            a.id,
            a.status === 'firing' ? out.paint('red', 'firing') : out.paint('green', 'clear'),
            a.severity,
            when(a.since),
            a.snoozedUntil && Date.parse(a.snoozedUntil) > Date.now()
              ? `${when(a.snoozedUntil)} (${a.snoozedBy})`
              : '',
            a.status === 'firing' ? a.message : '',
          ]),
        ),
      );
    });

  alerts
    .command('history')
    .description(
      'what happened to alerts, newest first: fired, repeated, resolved, snoozed, failed deliveries',
    )
    .option('--flow <flow>', 'only this flow')
    .option('--limit <n>', 'at most this many events', '50')
    .option('--json', 'print as JSON')
    .action(async (options: { flow?: string; limit: string; json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(spec(), out);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new CliExit(exitCode.usage, '--limit takes a whole number');
      const events = await withStore(project, (store) =>
        store.monitoring.listAlertEvents({ flow: options.flow, limit }),
      );
      if (options.json) return out.json({ events });
      out.line(
        formatTable(
          ['at', 'alert', 'event', 'channel', 'detail'],
          events.map((e) => [when(e.at), e.alertId, e.event, e.channel ?? '', e.detail ?? e.message]),
        ),
      );
    });

  alerts
    .command('snooze')
    .description(`keep an alert quiet for a while (rules: ${alertRuleNames.join(', ')})`)
    .argument('<rule>', 'the alert rule')
    .requiredOption('--flow <flow>', 'the flow')
    .option('--for <duration>', 'how long, e.g. 30m, 2h, 1d', '2h')
    .action(async (rule: string, options: { flow: string; for: string }) => {
      const out = createOutput();
      if (!/^\d+(m|h|d)$/.test(options.for))
        throw new CliExit(
          exitCode.usage,
          `--for takes a duration such as 30m, 2h or 1d, not "${options.for}"`,
        );
      const project = await loadProject(spec(), out);
      const now = new Date();
      const until = new Date(now.getTime() + parseDuration(options.for));
      const state = await withStore(project, (store) =>
        snoozeAlert(project.spec, store, { rule, flow: options.flow, until, by: operatorName(), now }),
      );
      out.line(`snoozed ${state.id} until ${when(state.snoozedUntil)} UTC`);
    });

  alerts
    .command('unsnooze')
    .description('end a snooze')
    .argument('<rule>', 'the alert rule')
    .requiredOption('--flow <flow>', 'the flow')
    .action(async (rule: string, options: { flow: string }) => {
      const out = createOutput();
      const project = await loadProject(spec(), out);
      const state = await withStore(project, (store) =>
        snoozeAlert(project.spec, store, {
          rule,
          flow: options.flow,
          until: undefined,
          by: operatorName(),
          now: new Date(),
        }),
      );
      out.line(`${state.id} is no longer snoozed`);
    });

  alerts
    .command('check')
    .description('evaluate every alert rule now and send what that calls for (for cron, without serve)')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(spec(), out);
      const logger = cliLogger(out, program.opts<{ verbose?: boolean }>().verbose ?? false);
      const report = await withStore(project, async (store) => {
        const alerting = startAlerting({ project, store, logger, intervalMs: 0 });
        try {
          return await alerting.evaluateNow();
        } finally {
          await alerting.stop();
        }
      });
      if (options.json) return out.json(report);
      printReport(report, out);
      const failed = report.notifications.some((n) => n.outcomes.some((o) => !o.ok));
      if (failed) throw new CliExit(exitCode.failures);
    });
}

function printReport(
  report: Awaited<ReturnType<ReturnType<typeof startAlerting>['evaluateNow']>>,
  out: Output,
): void {
  if (report.firing.length === 0) out.line(out.paint('green', 'no alert is firing'));
  for (const finding of report.firing) {
    out.line(
      `${out.paint('red', 'firing')} ${finding.rule}:${finding.flow} (${finding.severity}) ${finding.message}`,
    );
  }
  for (const sent of report.notifications) {
    const to = sent.outcomes.map((o) =>
      o.ok ? o.channel : out.paint('red', `${o.channel} (failed: ${o.error})`),
    );
    out.line(`sent ${sent.kind} ${sent.alert} to ${to.join(', ') || 'no channel (none configured)'}`);
  }
}
