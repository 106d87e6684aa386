/** One hour of a flow's runs, summed (GET /api/flows/FLOW/series). */
export interface RunSeriesPoint {
  /** The start of the hour (ISO-8601, UTC). */
  readonly at: string;
  readonly runs: number;
  /** Runs that ended failed. */
  readonly failed: number;
  readonly read: number;
  readonly written: number;
  /** Dead letters of these runs that the target refused (stage write). */
  readonly rejected: number;
  /** Dead letters of these runs refused before the write (stages read, map, validate). */
  readonly invalid: number;
  readonly deadLettered: number;
  /** The longest finished run of the hour, in ms (0 when none finished). */
  readonly durationMsMax: number;
}
