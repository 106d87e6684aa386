import type { AnyConnectorDefinition } from '../core/connector.js';
import type { SystemSnapshot } from '../core/table-shape.js';
import type { Locator } from '../spec/create-locator.js';
import type { Spec } from '../spec/schema.js';
import { checkPlan, type PlanFinding } from './check-plan.js';
import { snapshotRules } from './rules/snapshot-rules.js';

export interface SnapshotCheck {
  readonly findings: readonly PlanFinding[];
  readonly errors: number;
  /** Systems that flows read or write, that could be discovered, and were not. */
  readonly undiscovered: readonly string[];
}

/**
 * The mapping checked against the discovery snapshots alone (SL303–SL307), for
 * `syncline validate`: the same findings `syncline plan` reports, without the other evidence.
 */
export function checkSnapshots(
  spec: Spec,
  snapshots: ReadonlyMap<string, SystemSnapshot>,
  locate: Locator,
  connectors: readonly AnyConnectorDefinition[],
): SnapshotCheck {
  const evidence = { profiles: new Map(), testedFlows: new Set<string>(), throughput: new Map(), snapshots };
  const result = checkPlan({ spec, evidence }, locate, snapshotRules);
  const used = new Set(Object.values(spec.flows ?? {}).flatMap((flow) => [flow.from.system, flow.to.system]));
  const undiscovered = [...used].filter((system) => {
    const kind = spec.systems[system]?.kind;
    const connector = connectors.find((c) => c.kind === kind);
    return connector?.discover !== undefined && !snapshots.has(system);
  });
  return { findings: result.findings, errors: result.errors, undiscovered };
}
