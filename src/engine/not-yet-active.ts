import { isRecord } from '../core/is-record.js';
import type { Locator } from '../spec/load-spec.js';
import { problemAt, type SpecProblem } from '../spec/spec-problem.js';

/**
 * Parts of the plan this version records and checks but does not act on yet. Saying so keeps
 * a user from believing, say, that a schedule runs by itself or that a run can be rolled back.
 */
const flowFeatures: readonly { key: string; active: (value: unknown) => boolean; message: string }[] = [
  {
    key: 'trigger',
    active: (t) => isRecord(t) && (t.schedule !== undefined || t.webhook !== undefined),
    message: 'schedules and webhooks are recorded but nothing starts runs by itself yet: use syncline run',
  },
  {
    key: 'rollback',
    active: (r) => r === 'journal',
    message:
      'rollback: journal is recorded but before-images are not kept yet, so runs cannot be rolled back',
  },
  {
    key: 'monitoring',
    active: (m) => m !== undefined,
    message: 'monitoring expectations are recorded but not checked yet',
  },
];

export function notYetActive(spec: Record<string, unknown>, locate: Locator): SpecProblem[] {
  const notices: SpecProblem[] = [];
  for (const [name, flow] of Object.entries(isRecord(spec.flows) ? spec.flows : {})) {
    if (!isRecord(flow)) continue;
    for (const feature of flowFeatures) {
      if (feature.active(flow[feature.key])) {
        notices.push(problemAt(locate, ['flows', name, feature.key], 'not-yet-active', feature.message));
      }
    }
  }
  if (isRecord(spec.alerts) && Object.keys(spec.alerts).length > 0) {
    notices.push(
      problemAt(
        locate,
        ['alerts'],
        'not-yet-active',
        'alert channels are recorded but no alerts are sent yet',
      ),
    );
  }
  return notices;
}
