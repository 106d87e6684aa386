/** The failures a drill can inject (docs/drills.md). */
export const drillScenarios = [
  'target-down',
  'target-slow',
  'invalid-data',
  'volume-spike',
  'duplicate-delivery',
  'crash',
] as const;

export type DrillScenario = (typeof drillScenarios)[number];

/** How hard each failure hits; the CLI's options, with defaults. */
export interface DrillSettings {
  /** target-down: how long every write fails with a transient error. */
  readonly downMs: number;
  /** target-slow: delay before each write. */
  readonly slowMs: number;
  /** invalid-data: share of source rows corrupted (0..1). */
  readonly invalidShare: number;
  /** volume-spike: how many times the source rows are delivered (with new keys). */
  readonly spikeTimes: number;
}

export const defaultDrillSettings: DrillSettings = {
  downMs: 5_000,
  slowMs: 500,
  invalidShare: 0.1,
  spikeTimes: 10,
};
