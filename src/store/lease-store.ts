/**
 * Per-flow leases: at most one process runs a flow at a time. A lease has a holder (one
 * `syncline serve` process) and an expiry; the holder renews it while its run lasts, so a
 * process that dies without releasing loses the flow once the lease expires (decision 0030).
 */

export interface FlowLease {
  readonly flow: string;
  readonly holder: string;
  /** ISO-8601; after this another holder may take the flow. */
  readonly expiresAt: string;
}

export interface LeaseStore {
  /**
   * Takes the lease of `flow` for `holder` until `until`, or renews it when `holder` has it
   * already. false when another holder's lease has not expired at `at`.
   */
  acquire(flow: string, holder: string, at: string, until: string): Promise<boolean>;
  /** Gives the lease up; nothing happens when `holder` does not have it (any more). */
  release(flow: string, holder: string): Promise<void>;
  /** Leases not expired at `at`. */
  list(at: string): Promise<readonly FlowLease[]>;
}
