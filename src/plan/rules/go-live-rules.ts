import type { FlowSpec } from '../../spec/schema.js';
import type { PlanRule } from '../plan-rule.js';

const flowRule = (
  rule: Omit<PlanRule, 'check' | 'step'>,
  missing: (flow: FlowSpec) => string | undefined,
): PlanRule => ({
  ...rule,
  step: 5,
  check: ({ spec }) => {
    const flows = Object.entries(spec.flows ?? {});
    return {
      checked: flows.length,
      hits: flows.flatMap(([name, flow]) => {
        const what = missing(flow);
        return what === undefined
          ? []
          : [{ path: ['flows', name], message: `flow "${name}" has no ${what}` }];
      }),
    };
  },
});

/** Step 5: the flow is watched, history is decided, and a bad go-live can be undone. */
export const goLiveRules: readonly PlanRule[] = [
  flowRule(
    {
      code: 'SL501',
      severity: 'error',
      title: 'no monitoring',
      meaning:
        'A flow that silently stops or moves a tenth of its usual volume is noticed by users weeks later; monitoring needs expected volumes, a freshness window and a channel to tell.',
      fix: 'add monitoring: { expected: { perRun: [min, max] }, freshness: 2h, alert: [CHANNEL] }',
    },
    (flow) => {
      const missing = [
        !flow.monitoring?.expected && 'expected volume',
        !flow.monitoring?.freshness && 'freshness window',
        !(flow.monitoring?.alert?.length || flow.errors?.alert?.length) && 'alert channel',
      ].filter(Boolean);
      return missing.length === 0 ? undefined : `monitoring (${missing.join(', ')})`;
    },
  ),
  flowRule(
    {
      code: 'SL502',
      severity: 'error',
      title: 'no decision on historical data',
      meaning:
        'Whether existing records are moved before go-live (backfill) or only new ones flow is a business decision; left open, it is made by accident.',
      fix: 'add history: backfill (with backfill: { from, chunk }) or history: none to the flow',
    },
    (flow) =>
      flow.history === undefined ? 'decision on historical data (history: backfill | none)' : undefined,
  ),
  flowRule(
    {
      code: 'SL503',
      severity: 'error',
      title: 'no rollback plan',
      meaning: 'When go-live goes wrong, there must be a known way back: what is undone, by whom, how.',
      fix: 'add rollback: journal (syncline rollback RUN undoes a run) and/or rollbackPlan: "..." in words',
    },
    (flow) =>
      flow.rollback !== 'journal' && !flow.rollbackPlan
        ? 'rollback plan (rollback: journal or rollbackPlan:)'
        : undefined,
  ),
];
