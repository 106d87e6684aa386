import { checkPlan, type PlanResult } from '../plan/check-plan.js';
import { gatherEvidence } from '../plan/plan-evidence.js';
import type { PlanEvidence } from '../plan/plan-rule.js';
import { openStore, type Project } from './load-project.js';

/** The readiness checks over a checked project, with the evidence stored beside its spec. */
export async function planProject(project: Project): Promise<PlanResult & { evidence: PlanEvidence }> {
  const evidence = await gatherEvidence({
    baseDir: project.baseDir,
    flows: Object.keys(project.spec.flows ?? {}),
    systems: Object.keys(project.spec.systems),
    openStore: () => openStore(project),
  });
  return { ...checkPlan({ spec: project.spec, evidence }, project.locate), evidence };
}
