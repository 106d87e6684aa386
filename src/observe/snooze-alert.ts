import { didYouMean } from '../core/did-you-mean.js';
import { IntegrationError } from '../core/integration-error.js';
import { type AlertRuleName, alertRuleNames } from '../spec/alerting-schema.js';
import type { Spec } from '../spec/schema.js';
import type { AlertState } from '../store/monitoring-store.js';
import type { StateStore } from '../store/state-store.js';

export interface SnoozeRequest {
  readonly rule: string;
  readonly flow: string;
  /** Until when; undefined ends a snooze. */
  readonly until: Date | undefined;
  /** Who asked, for the history. */
  readonly by: string;
  readonly now: Date;
}

/**
 * Snoozes (or unsnoozes) one alert, `rule` on `flow`, whether it fires now or not: a snooze
 * set before planned maintenance keeps the alert quiet when it starts. The history records
 * who did it and until when.
 */
export async function snoozeAlert(
  spec: Spec,
  store: StateStore,
  request: SnoozeRequest,
): Promise<AlertState> {
  const rule = checkRule(request.rule);
  const flows = Object.keys(spec.flows ?? {});
  if (!flows.includes(request.flow)) {
    const guess = didYouMean(request.flow, flows);
    throw new IntegrationError(
      `Unknown flow "${request.flow}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
      {
        kind: 'config',
        code: 'unknown-flow',
        hint: `Flows in the spec: ${flows.join(', ') || 'none'}.`,
      },
    );
  }
  const id = `${rule}:${request.flow}`;
  const at = request.now.toISOString();
  const previous = await store.monitoring.getAlert(id);
  const state: AlertState = {
    ...(previous ?? { id, rule, flow: request.flow, status: 'clear', severity: 'info', message: '' }),
    snoozedUntil: request.until?.toISOString(),
    snoozedBy: request.until === undefined ? undefined : request.by,
    updatedAt: at,
  };
  await store.monitoring.saveAlert(state, [
    {
      alertId: id,
      rule,
      flow: request.flow,
      event: request.until === undefined ? 'unsnoozed' : 'snoozed',
      severity: state.severity,
      message:
        request.until === undefined ? `unsnoozed by ${request.by}` : `snoozed until ${state.snoozedUntil}`,
      detail: request.by,
      at,
    },
  ]);
  return state;
}

function checkRule(rule: string): AlertRuleName {
  if ((alertRuleNames as readonly string[]).includes(rule)) return rule as AlertRuleName;
  const guess = didYouMean(rule, alertRuleNames);
  throw new IntegrationError(`Unknown alert rule "${rule}"${guess ? ` (did you mean "${guess}"?)` : ''}`, {
    kind: 'config',
    code: 'unknown-alert-rule',
    hint: `Alert rules: ${alertRuleNames.join(', ')}.`,
  });
}
