import type { PlanRule } from './plan-rule.js';
import { architectureRules } from './rules/architecture-rules.js';
import { discoveryRules } from './rules/discovery-rules.js';
import { goLiveRules } from './rules/go-live-rules.js';
import { mappingRules } from './rules/mapping-rules.js';
import { snapshotRules } from './rules/snapshot-rules.js';
import { testRules } from './rules/test-rules.js';

/** Every readiness check, by step; docs/plan-checks.md documents each (kept in sync by a test). */
export const planRules: readonly PlanRule[] = [
  ...discoveryRules,
  ...architectureRules,
  ...mappingRules,
  ...snapshotRules,
  ...testRules,
  ...goLiveRules,
];
