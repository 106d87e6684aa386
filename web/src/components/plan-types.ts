import type { Tone } from './plan-tone-badge';

/** One finding of GET /api/plan (src/plan/check-plan.ts PlanFinding). */
export interface PlanFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly step: number;
  readonly title: string;
  readonly message: string;
  readonly hint: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
}

/** A step's readiness (src/plan/check-plan.ts StepReadiness). */
export interface StepReadiness {
  readonly step: number;
  readonly name: string;
  readonly percent: number;
  readonly checked: number;
  readonly missing: readonly string[];
}

/** GET /api/plan. */
export interface PlanAnswer {
  readonly project: { readonly name: string; readonly owner?: string };
  readonly findings: readonly PlanFinding[];
  readonly readiness: readonly StepReadiness[];
  readonly errors: number;
  readonly warnings: number;
}

export type StepStatus = 'ready' | 'attention' | 'blocked';

/** blocked: an error in the step; attention: only warnings; ready: nothing found. */
export function stepStatus(findings: readonly PlanFinding[], step: number): StepStatus {
  const inStep = findings.filter((f) => f.step === step);
  if (inStep.some((f) => f.severity === 'error')) return 'blocked';
  return inStep.length > 0 ? 'attention' : 'ready';
}

export const stepStatusLook: Record<StepStatus, { readonly tone: Tone; readonly label: string }> = {
  ready: { tone: 'green', label: 'ready' },
  attention: { tone: 'amber', label: 'needs attention' },
  blocked: { tone: 'red', label: 'blocked' },
};

/** Errors before warnings; otherwise the server's order (code, then place). */
export function errorsFirst(findings: readonly PlanFinding[]): PlanFinding[] {
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

const rank = (finding: PlanFinding) => (finding.severity === 'error' ? 0 : 1);

/** The element id of a flow's runbook on /plan/runbook, or of a section in it (alert links). */
export function runbookAnchor(flow: string, section = ''): string {
  return section === '' ? `runbook-${flow}` : `runbook-${flow}-${section}`;
}
