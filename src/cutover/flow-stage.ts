import type { FlowSpec } from '../spec/schema.js';
import type { FlowStage } from '../store/cutover-store.js';
import type { StateStore } from '../store/state-store.js';

/** What the stage functions need of a flow: its name, and whether its spec plans a parallel run. */
export interface StagedFlow {
  readonly name: string;
  readonly spec: Pick<FlowSpec, 'compare'>;
}

/**
 * The stage of a flow that never had one recorded (decision 0028): a flow with a `compare:`
 * block is being compared against an old process, so it is `parallel` until it is cut over; any
 * other flow is `live`, as every flow was before stages existed.
 */
export function defaultStage(flow: StagedFlow): FlowStage {
  return flow.spec.compare ? 'parallel' : 'live';
}

/** The flow's current stage: the latest recorded move, or its default. */
export async function flowStage(store: StateStore, flow: StagedFlow): Promise<FlowStage> {
  return (await store.cutover.currentStage(flow.name))?.stage ?? defaultStage(flow);
}

export interface SchedulableFlow {
  readonly flow: string;
  readonly stage: FlowStage;
  /** run: a normal run that writes to the target; shadow: compare only, nothing written. */
  readonly mode: 'run' | 'shadow';
}

/**
 * The flows a scheduler may start, in the order given: live flows run normally, parallel flows
 * in shadow mode (a compare against their baseline, never writing to the live target). Draft,
 * testing and retired flows are left out.
 */
export async function schedulableFlows(
  store: StateStore,
  flows: readonly StagedFlow[],
): Promise<readonly SchedulableFlow[]> {
  const staged = await Promise.all(
    flows.map(async (flow) => ({ flow: flow.name, stage: await flowStage(store, flow) })),
  );
  return staged.flatMap(({ flow, stage }): SchedulableFlow[] => {
    if (stage === 'live') return [{ flow, stage, mode: 'run' }];
    if (stage === 'parallel') return [{ flow, stage, mode: 'shadow' }];
    return [];
  });
}
