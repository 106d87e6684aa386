import type { SystemSnapshot } from '../core/table-shape.js';
import type { TableProfile } from '../profile/column-profile.js';
import type { Spec } from '../spec/schema.js';
import type { SpecPath } from '../spec/spec-problem.js';

/** The five steps of an integration project; readiness is reported per step. */
export const planSteps = [
  { step: 1, name: 'Discovery' },
  { step: 2, name: 'Architecture' },
  { step: 3, name: 'Mapping' },
  { step: 4, name: 'Build & test' },
  { step: 5, name: 'Go-live' },
] as const;
export type PlanStep = (typeof planSteps)[number]['step'];

/** error: `syncline run --env production` refuses to start; warning: a gap to close or accept. */
export type PlanSeverity = 'error' | 'warning';

/** What the checks know besides the spec: stored evidence, gathered once (plan-evidence.ts). */
export interface PlanEvidence {
  /** Stored profiles by `system.table`. */
  readonly profiles: ReadonlyMap<string, TableProfile>;
  /** Flows with test fixtures (tests/FLOW/*.jsonl). */
  readonly testedFlows: ReadonlySet<string>;
  /** Flows whose last `syncline test` failed (.syncline/test-results), with how many problems. */
  readonly failedTests?: ReadonlyMap<string, number>;
  /** Measured records per hour of each flow's fastest successful run, where runs were recorded. */
  readonly throughput: ReadonlyMap<string, number>;
  /** Discovery snapshots (discovery/SYSTEM.json) by system, where `syncline discover` wrote one. */
  readonly snapshots?: ReadonlyMap<string, SystemSnapshot>;
}

export interface PlanInput {
  readonly spec: Spec;
  readonly evidence: PlanEvidence;
}

/** One thing a rule found, at a place in the spec. */
export interface RuleHit {
  readonly path: SpecPath;
  readonly message: string;
}

export interface RuleResult {
  /** How many things the rule looked at (systems, flows, fields...): the readiness denominator. */
  readonly checked: number;
  readonly hits: readonly RuleHit[];
}

export interface PlanRule {
  /** Stable: SL + step + number (SL101). Tools and docs/plan-checks.md rely on it. */
  readonly code: string;
  readonly step: PlanStep;
  readonly severity: PlanSeverity;
  /** Short name, e.g. "system without owner". */
  readonly title: string;
  /** Why it matters, for docs/plan-checks.md. */
  readonly meaning: string;
  /** What to do about it; shown as the hint. */
  readonly fix: string;
  check(input: PlanInput): RuleResult;
}

/** The connected systems: every system that has a connector kind. */
export const isConnected = (kind: string): boolean => kind !== 'manual';

/** The profile key of a flow's source: `system.table`, `system.schema.table` or `system.file`. */
export function sourceTableOf(
  from: Readonly<Record<string, unknown>> & { system: string },
): string | undefined {
  const table =
    typeof from.table === 'string' ? from.table : typeof from.file === 'string' ? from.file : undefined;
  if (table === undefined) return undefined;
  return typeof from.schema === 'string'
    ? `${from.system}.${from.schema}.${table}`
    : `${from.system}.${table}`;
}
