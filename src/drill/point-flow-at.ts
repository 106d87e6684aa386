import type { CompiledFlow } from '../engine/compiled-flow.js';

/** The flow writing to another place of the same system kind (a scratch copy). */
export function pointFlowAt(
  flow: CompiledFlow,
  connection: Readonly<Record<string, unknown>>,
  options: unknown,
): CompiledFlow {
  return { ...flow, target: { ...flow.target, connection, options } };
}
