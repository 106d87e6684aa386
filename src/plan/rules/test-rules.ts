import type { PlanRule } from '../plan-rule.js';

/** Step 4: mappings tested on fixtures, and the measured speed able to carry the peak. */
export const testRules: readonly PlanRule[] = [
  {
    code: 'SL401',
    step: 4,
    severity: 'warning',
    title: 'mapping not tested',
    meaning: 'A mapping that never ran on known inputs fails on the first odd record in production.',
    fix: 'add fixtures as tests/FLOW/*.jsonl beside the spec (input records and expected output), and make syncline test FLOW pass',
    check: ({ spec, evidence }) => {
      const flows = Object.keys(spec.flows ?? {});
      return {
        checked: flows.length,
        hits: flows.flatMap((name) => {
          const path = ['flows', name];
          if (!evidence.testedFlows.has(name))
            return [{ path, message: `flow "${name}" has no test fixtures (tests/${name}/*.jsonl)` }];
          const problems = evidence.failedTests?.get(name);
          if (problems === undefined) return [];
          return [
            { path, message: `the last syncline test of flow "${name}" failed (${problems} problems)` },
          ];
        }),
      };
    },
  },
  {
    code: 'SL402',
    step: 4,
    severity: 'warning',
    title: 'peak volume above measured throughput',
    meaning: 'The declared peak is more than the flow has ever moved in an hour: at peak it falls behind.',
    fix: 'raise batchSize, run more often, or confirm the peak; measure again with a realistic run',
    check: ({ spec, evidence }) => {
      const measured = Object.entries(spec.flows ?? {}).flatMap(([name, f]) => {
        const peak = f.volume?.peakPerHour ?? spec.systems[f.from.system]?.volume?.perHour;
        const speed = evidence.throughput.get(name);
        return peak === undefined || speed === undefined ? [] : [{ name, peak, speed }];
      });
      return {
        checked: measured.length,
        hits: measured
          .filter(({ peak, speed }) => peak > speed)
          .map(({ name, peak, speed }) => ({
            path: ['flows', name],
            message: `flow "${name}" must carry ${peak} records/hour at peak but was measured at ${Math.round(speed)}`,
          })),
      };
    },
  },
];
