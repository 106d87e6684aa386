import type { Logger } from '../core/logger.js';
import { alertRuleNames } from '../spec/alerting-schema.js';
import type { Spec } from '../spec/schema.js';
import type { AlertState, NewAlertEvent } from '../store/monitoring-store.js';
import type { StateStore } from '../store/state-store.js';
import type { AlertNotification } from './alert-notification.js';
import { alertSettings, runbookLink } from './alert-settings.js';
import type { AlertChannel } from './channels/create-channels.js';
import { type AlertDecision, decideAlert, type NotificationKind } from './decide-alert.js';
import { type DeliveryOutcome, deliverAlert } from './deliver-alert.js';
import { evaluateRules, type Finding } from './evaluate-rules.js';
import { readFlowHistory } from './flow-history.js';

export interface EvaluateAlertsOptions {
  readonly spec: Spec;
  readonly store: StateStore;
  readonly channels: ReadonlyMap<string, AlertChannel>;
  readonly now: Date;
  readonly logger: Logger;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface EvaluationReport {
  readonly at: string;
  /** Every rule that holds now. */
  readonly firing: readonly Finding[];
  /** What was sent, and to whom. */
  readonly notifications: readonly {
    readonly alert: string;
    readonly kind: NotificationKind;
    readonly outcomes: readonly DeliveryOutcome[];
  }[];
}

/**
 * One pass of alerting: every enabled flow's rules on its history, each alert's next state,
 * the notifications that state change calls for, and the state and history stored. A flow
 * whose history cannot be read is logged and skipped; the others are still evaluated.
 */
export async function evaluateAlerts(options: EvaluateAlertsOptions): Promise<EvaluationReport> {
  const { spec, store, now, logger } = options;
  const at = now.toISOString();
  const known = new Map((await store.monitoring.listAlerts()).map((state) => [state.id, state]));
  const firing: Finding[] = [];
  const notifications: EvaluationReport['notifications'][number][] = [];
  for (const [flow, flowSpec] of Object.entries(spec.flows ?? {})) {
    if (!flowSpec.enabled) continue;
    const settings = alertSettings(spec, flow);
    let findings: Finding[];
    try {
      findings = evaluateRules(settings, await readFlowHistory(store, settings, now), now);
    } catch (error) {
      logger.error('alert rules could not be evaluated', { flow, error: String(error) });
      continue;
    }
    firing.push(...findings);
    for (const rule of alertRuleNames) {
      const id = `${rule}:${flow}`;
      const decision = decideAlert(
        id,
        known.get(id),
        findings.find((f) => f.rule === rule),
        now,
        settings.repeatMs,
      );
      if (decision === undefined) continue;
      const channels = settings.channels.flatMap((name) => options.channels.get(name) ?? []);
      const notification = toNotification(spec, decision, at, runbookLink(settings, rule));
      const outcomes =
        decision.notify === undefined
          ? []
          : await deliverAlert(notification, channels, { logger, sleep: options.sleep });
      if (decision.notify !== undefined) notifications.push({ alert: id, kind: decision.notify, outcomes });
      const { state, events } = settle(decision, outcomes, notification, at);
      await store.monitoring.saveAlert(state, events);
    }
  }
  return { at, firing, notifications };
}

function toNotification(spec: Spec, decision: AlertDecision, at: string, runbook: string): AlertNotification {
  const { state } = decision;
  return {
    kind: decision.notify ?? 'fired',
    project: spec.project.name,
    alert: state.id,
    rule: state.rule,
    flow: state.flow,
    severity: state.severity,
    message: state.message,
    since: state.since,
    at,
    runbook,
  };
}

/**
 * The stored state and history after the notification was tried. A firing notification that
 * no channel accepted leaves `notifiedAt` unset, so the next pass sends it again; with no
 * channel configured at all, the alert counts as told (there is nobody to retry for).
 */
function settle(
  decision: AlertDecision,
  outcomes: readonly DeliveryOutcome[],
  n: AlertNotification,
  at: string,
): { state: AlertState; events: NewAlertEvent[] } {
  const base = { alertId: n.alert, rule: n.rule, flow: n.flow, severity: n.severity, message: n.message, at };
  const events: NewAlertEvent[] = outcomes
    .filter((o) => !o.ok)
    .map((o) => ({ ...base, event: 'delivery-failed', channel: o.channel, detail: o.error }));
  const delivered = outcomes.filter((o) => o.ok).map((o) => o.channel);
  const isTold = outcomes.length === 0 || delivered.length > 0;
  if (decision.suppressed) events.push({ ...base, event: 'suppressed', detail: 'snoozed: not sent' });
  if (decision.notify === undefined && decision.state.status === 'clear') {
    events.push({ ...base, event: 'resolved', detail: 'not sent: nobody had been told, or snoozed' });
  }
  if (decision.notify !== undefined && isTold) {
    events.push({
      ...base,
      event: decision.notify,
      channel: delivered.join(', ') || undefined,
      detail: outcomes.length === 0 ? 'no alert channel configured' : undefined,
    });
  }
  const state =
    decision.notify === 'fired' || decision.notify === 'repeated'
      ? { ...decision.state, notifiedAt: isTold ? at : decision.state.notifiedAt }
      : decision.state;
  return { state, events };
}
