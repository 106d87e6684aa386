import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, connectFlow, openEndpointSource } from '../engine/connect-flow.js';
import { tableEndpoint } from '../profile/table-endpoint.js';
import type { Spec } from '../spec/schema.js';
import type { StateStore } from '../store/state-store.js';
import { compareAndRecord, type RecordedCompare } from './compare-and-record.js';
import { resolveTolerance, type ToleranceOverrides } from './tolerance.js';

/** What a caller may set instead of the flow's `compare:` block (the command line's flags). */
export interface CompareOverrides {
  readonly baseline?: string | undefined;
  readonly key?: readonly string[] | undefined;
  readonly tolerance?: ToleranceOverrides | undefined;
  /** Where the report goes (default .syncline/compare/FLOW/<id>/). */
  readonly out?: string | undefined;
}

/**
 * The parallel run of a flow as its spec declares it (`compare:`: baseline, key, tolerances),
 * with the overrides on top: the new output is computed without writing, compared with the
 * baseline, stored, and its report written. `syncline compare` and serve's scheduled shadow
 * compares both come through here, so they compare and record the same way.
 */
export async function compareDeclared(options: {
  readonly flow: CompiledFlow;
  readonly spec: Spec;
  readonly store: StateStore;
  readonly context: ConnectContext & { readonly baseDir: string };
  readonly now: () => Date;
  readonly signal?: AbortSignal | undefined;
  readonly overrides?: CompareOverrides | undefined;
}): Promise<RecordedCompare> {
  const { flow, context } = options;
  const overrides = options.overrides ?? {};
  const declared = flow.spec.compare;
  const baseline = overrides.baseline ?? declared?.baseline;
  if (!baseline)
    throw new IntegrationError(`flow ${flow.name} names no baseline to compare with`, {
      kind: 'config',
      code: 'compare-baseline-missing',
      hint: `give --baseline SYSTEM.TABLE, or add compare: { baseline: SYSTEM.TABLE } to flows.${flow.name} (${flow.source.where.replace(/ .*/, '')})`,
    });
  const key =
    overrides.key ??
    (typeof declared?.key === 'string' ? [declared.key] : (declared?.key ?? flow.target.key));
  if (key.length === 0)
    throw new IntegrationError(`flow ${flow.name} has no target key to match records by`, {
      kind: 'config',
      code: 'compare-key-missing',
      hint: `give --key COLUMN, or compare: { key: COLUMN } under flows.${flow.name}`,
    });
  const endpoint = tableEndpoint(options.spec, baseline, [], 'compared');
  return compareAndRecord({
    flow,
    endpoints: connectFlow(flow, context),
    openBaseline: () => openEndpointSource(endpoint, flow.batchSize, context),
    baseline,
    key,
    tolerance: resolveTolerance(declared, overrides.tolerance),
    now: options.now,
    signal: options.signal,
    store: options.store,
    baseDir: context.baseDir,
    out: overrides.out,
  });
}
