import type { PlanFinding } from '../plan/check-plan.js';
import { formatFinding } from '../plan/check-plan.js';
import type { CompareRecord, FlowStage } from '../store/cutover-store.js';

export interface CutoverInput {
  readonly flow: string;
  readonly stage: FlowStage;
  /** The flow's latest compares, newest first (at least `required` of them when there are). */
  readonly compares: readonly CompareRecord[];
  /** How many of the latest compares must be clean (`compare.cutoverAfter`, default 3). */
  readonly required: number;
  /** Every finding of `syncline plan`; those about this flow, its systems and entity count. */
  readonly findings: readonly PlanFinding[];
  /** The systems and entity the flow uses, whose plan errors block it too. */
  readonly systems: readonly string[];
  readonly entity?: string | undefined;
}

export interface CutoverVerdict {
  readonly allowed: boolean;
  /** Each thing that blocks the cut-over, in words a person can act on. */
  readonly blockers: readonly string[];
  /** The compares the decision rests on. */
  readonly compares: readonly CompareRecord[];
  readonly planErrors: readonly PlanFinding[];
}

/**
 * Whether a flow may go live: its last N compares were clean (no differing, missing or extra
 * records within tolerance) and the plan has no errors about it. Pure, so every blocker is
 * listed at once.
 */
export function checkCutover(input: CutoverInput): CutoverVerdict {
  const { flow, required } = input;
  const blockers: string[] = [];
  if (input.stage === 'retired')
    blockers.push(
      `flow ${flow} is retired: move it back first (syncline stage ${flow} parallel --reason "...")`,
    );
  const compares = input.compares.slice(0, required);
  if (compares.length < required) {
    const had =
      compares.length === 0
        ? 'no compare is recorded'
        : `only ${compares.length} compare${compares.length === 1 ? ' is' : 's are'} recorded (${compares.map((c) => c.id).join(', ')})`;
    blockers.push(`the last ${required} compares must be clean, and ${had}: run syncline compare ${flow}`);
  }
  for (const compare of compares.filter((c) => !c.clean)) {
    const counts = [
      compare.differing > 0 && `${compare.differing} differing`,
      compare.missing > 0 && `${compare.missing} missing from the baseline`,
      compare.extra > 0 && `${compare.extra} extra in the baseline`,
    ].filter(Boolean);
    blockers.push(
      `compare ${compare.id} (${compare.startedAt}, against ${compare.baseline}) was not clean: ${counts.join(', ')}`,
    );
  }
  const planErrors = input.findings.filter(
    (finding) => finding.severity === 'error' && isAbout(finding.path, input),
  );
  for (const finding of planErrors) blockers.push(`plan error: ${formatFinding(finding)}`);
  return { allowed: blockers.length === 0, blockers, compares, planErrors };
}

function isAbout(path: string, input: CutoverInput): boolean {
  const within = (prefix: string) =>
    path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
  return (
    within(`flows.${input.flow}`) ||
    input.systems.some((system) => within(`systems.${system}`)) ||
    (input.entity !== undefined && within(`entities.${input.entity}`))
  );
}
