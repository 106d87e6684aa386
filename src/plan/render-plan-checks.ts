import { type PlanRule, planSteps } from './plan-rule.js';
import { planRules } from './plan-rules.js';

/** The reference part of docs/plan-checks.md: every rule's code, severity, meaning and fix, by step. */
export function renderPlanChecks(rules: readonly PlanRule[] = planRules): string {
  return planSteps
    .map(({ step, name }) => {
      const inStep = rules.filter((rule) => rule.step === step);
      const entries = inStep.map((rule) =>
        [
          `### ${rule.code} — ${rule.title}`,
          '',
          `Severity: **${rule.severity}**`,
          '',
          rule.meaning,
          '',
          `Fix: ${rule.fix}.`,
        ].join('\n'),
      );
      return [`## Step ${step}: ${name}`, '', ...entries.flatMap((entry) => [entry, ''])]
        .join('\n')
        .trimEnd();
    })
    .join('\n\n');
}
