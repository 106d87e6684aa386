import type { Locator } from '../spec/create-locator.js';
import { formatPath } from '../spec/spec-problem.js';
import { type PlanInput, type PlanRule, type PlanSeverity, type PlanStep, planSteps } from './plan-rule.js';
import { planRules } from './plan-rules.js';

export interface PlanFinding {
  readonly code: string;
  readonly severity: PlanSeverity;
  readonly step: PlanStep;
  readonly title: string;
  readonly message: string;
  readonly hint: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Where in the spec: `flows.crm-to-erp.errors`. */
  readonly path: string;
}

export interface StepReadiness {
  readonly step: PlanStep;
  readonly name: string;
  /** Share of the step's checked items without a finding, 0..100. */
  readonly percent: number;
  readonly checked: number;
  /** The findings of the step, as the missing items. */
  readonly missing: readonly string[];
}

export interface PlanResult {
  readonly findings: readonly PlanFinding[];
  readonly readiness: readonly StepReadiness[];
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Runs every readiness rule over a checked spec and its evidence. Pure: the same spec and
 * evidence give the same findings, ordered by step, then code, then place.
 */
export function checkPlan(
  input: PlanInput,
  locate: Locator,
  rules: readonly PlanRule[] = planRules,
): PlanResult {
  const results = rules.map((rule) => ({ rule, result: rule.check(input) }));
  const findings = results.flatMap(({ rule, result }) =>
    result.hits.map((hit) => {
      const at = locate(hit.path);
      return {
        code: rule.code,
        severity: rule.severity,
        step: rule.step,
        title: rule.title,
        message: hit.message,
        hint: rule.fix,
        file: at.file ?? locate.file,
        line: at.line,
        col: at.col,
        path: formatPath(hit.path),
      };
    }),
  );
  const readiness = planSteps.map(({ step, name }) => {
    const inStep = results.filter(({ rule }) => rule.step === step);
    const checked = inStep.reduce((sum, { result }) => sum + result.checked, 0);
    const failed = inStep.reduce((sum, { result }) => sum + Math.min(result.hits.length, result.checked), 0);
    const percent = checked === 0 ? 100 : Math.floor(((checked - failed) / checked) * 100);
    const missing = findings.filter((f) => f.step === step).map((f) => `${f.code} ${f.message}`);
    return { step, name, percent, checked, missing };
  });
  return {
    findings,
    readiness,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** `syncline.yaml:12:5 SL203 error flows.x: flow "x" has no retry (add errors: ...)` */
export function formatFinding(finding: PlanFinding): string {
  const where = `${finding.file}:${finding.line}:${finding.col}`;
  return `${where} ${finding.code} ${finding.severity} ${finding.path}: ${finding.message} (${finding.hint})`;
}
