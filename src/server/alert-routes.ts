import type { FastifyInstance } from 'fastify';
import { IntegrationError } from '../core/integration-error.js';
import { snoozeAlert } from '../observe/snooze-alert.js';
import { alertAnchor, alertRuleNames } from '../spec/alerting-schema.js';
import type { AlertState } from '../store/monitoring-store.js';
import { actorOf, type ServerContext } from './server-context.js';

/** The longest snooze: 30 days; longer means the alert rule itself needs changing. */
const maxSnoozeMinutes = 43_200;

type AlertParams = { Params: { id: string } };

/** Alerts: their state and recent events, and snoozing one (the same function as the CLI). */
export function alertRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store } = context;
  // The flow's runbook as the server shows it, at the section about this kind of alert.
  const withRunbook = (alert: AlertState) => {
    const rule = alertRuleNames.find((name) => name === alert.rule);
    const page = `/api/flows/${encodeURIComponent(alert.flow)}/runbook?format=html`;
    return { ...alert, runbook: rule === undefined ? page : `${page}#${alertAnchor(rule)}` };
  };

  app.get<{ Querystring: { flow?: string } }>(
    '/api/alerts',
    { config: { role: 'viewer' } },
    async (request) => {
      const { flow } = request.query;
      const alerts = (await store.monitoring.listAlerts()).filter(
        (a) => flow === undefined || a.flow === flow,
      );
      return {
        alerts: alerts.map(withRunbook),
        events: await store.monitoring.listAlertEvents({ flow, limit: 100 }),
      };
    },
  );

  const snooze = async (id: string, until: Date | undefined, actor: string): Promise<AlertState> => {
    const { rule, flow } = alertIdParts(id);
    const alert = await snoozeAlert(project.spec, store, {
      rule,
      flow,
      until,
      by: actor,
      now: context.clock(),
    });
    context.events.publish({ type: 'alert-changed', alert });
    return alert;
  };

  app.post<AlertParams & { Body: { minutes?: unknown; reason?: unknown } | undefined }>(
    '/api/alerts/:id/snooze',
    { config: { role: 'operator', audit: false } },
    async (request) => {
      const minutes = request.body?.minutes;
      if (
        typeof minutes !== 'number' ||
        !Number.isFinite(minutes) ||
        minutes < 1 ||
        minutes > maxSnoozeMinutes
      ) {
        throw new IntegrationError(`a snooze needs "minutes" between 1 and ${maxSnoozeMinutes}`, {
          kind: 'config',
          code: 'bad-snooze-minutes',
          hint: 'send {"minutes": 60, "reason": "planned maintenance"}',
        });
      }
      const reason = typeof request.body?.reason === 'string' ? request.body.reason.trim() : undefined;
      const actor = actorOf(request);
      const until = new Date(context.clock().getTime() + Math.round(minutes * 60_000));
      const alert = await snooze(request.params.id, until, actor);
      await context.audit({
        at: context.clock().toISOString(),
        action: 'snooze',
        actor,
        flow: alert.flow,
        target: alert.id,
        detail: { minutes, until: alert.snoozedUntil, ...(reason ? { reason } : {}) },
      });
      return { alert: withRunbook(alert) };
    },
  );

  app.post<AlertParams>(
    '/api/alerts/:id/unsnooze',
    { config: { role: 'operator', audit: false } },
    async (request) => {
      const actor = actorOf(request);
      const alert = await snooze(request.params.id, undefined, actor);
      await context.audit({
        at: context.clock().toISOString(),
        action: 'unsnooze',
        actor,
        flow: alert.flow,
        target: alert.id,
      });
      return { alert: withRunbook(alert) };
    },
  );
}

/** `rule:flow` split at the first colon (flow names may not hold one, rule names never do). */
function alertIdParts(id: string): { rule: string; flow: string } {
  const colon = id.indexOf(':');
  if (colon <= 0) {
    throw new IntegrationError(`"${id}" is not an alert id`, {
      kind: 'config',
      code: 'alert-not-found',
      hint: 'an alert id is RULE:FLOW, e.g. failure:customers-to-erp (GET /api/alerts lists them)',
    });
  }
  return { rule: id.slice(0, colon), flow: id.slice(colon + 1) };
}
