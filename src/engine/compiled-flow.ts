import type { AnyConnectorDefinition, WriteMode } from '../core/connector.js';
import type { CompileMappingResult, RowMapper } from '../mapping/compile-mapping.js';
import type { FieldSpec, FlowSpec, OnInvalid } from '../spec/schema.js';
import type { SystemLimits } from './system-guards.js';

/** Everything a run needs about one flow, checked and compiled once. */
export interface CompiledEndpoint {
  readonly system: string;
  readonly connector: AnyConnectorDefinition;
  /** The system's raw `connection:` block; secrets are resolved only when it is opened. */
  readonly connection: Readonly<Record<string, unknown>>;
  /** The system's declared `charset:` (what it can store when its schema does not say). */
  readonly charset?: string | undefined;
  /** The connector-specific keys of from:/to:, validated by the connector's schema. */
  readonly options: unknown;
  readonly key: readonly string[];
  /** The system's rate limit and circuit breaker (`systems.X.limits`). */
  readonly limits?: SystemLimits | undefined;
  /** Where the endpoint is declared (`syncline.yaml:40:11 flows.x.from`), for run-time errors. */
  readonly where: string;
}

export interface CompiledFlow {
  readonly name: string;
  readonly spec: FlowSpec;
  readonly source: CompiledEndpoint;
  readonly target: CompiledEndpoint & { readonly mode: WriteMode };
  readonly map: RowMapper;
  /** Source fields the mapping reads, and target fields it writes (none: copied by name). */
  readonly sourceFields: readonly string[];
  readonly targetFields: readonly string[];
  /** A mapper with fresh per-run state (unique-within-run rules), for each run or test case. */
  readonly freshMap: () => RowMapper;
  /**
   * Compiles some of the flow's fields with the flow's lookups and policies, as `map` was
   * (the COPY text lane maps the fields it does not copy verbatim with it, 0049).
   */
  readonly compileFields?: (fields: readonly FieldSpec[]) => CompileMappingResult;
  readonly batchSize: number;
  /** Estimated bytes of row data a batch may hold (`maxBatchBytes`); default 4 MB (0042). */
  readonly maxBatchBytes?: number | undefined;
  readonly onInvalid: OnInvalid;
  /** Stop the run when a batch has a larger share of invalid records (0..1). */
  readonly maxInvalidRate: number | undefined;
  readonly retry: RetryPolicy;
  /** Tries in all (the first write included) of a record the target rejected; 1 = no automatic retry. */
  readonly retryRejected?: number | undefined;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly backoff: 'fixed' | 'exponential';
  readonly delayMs: number;
  readonly maxDelayMs: number;
}

export const defaultBatchSize = 1000;
export const defaultRetryRejected = 3;
