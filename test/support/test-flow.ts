import { sqlite } from '../../src/connectors/sqlite/sqlite.js';
import type { CompiledFlow } from '../../src/engine/compiled-flow.js';
import { compileMapping } from '../../src/mapping/compile-mapping.js';
import type { FieldSpec } from '../../src/spec/schema.js';

/**
 * A compiled flow for engine tests that pass their own source and target: `fields` mapped
 * with onInvalid dead-letter, key `id`, upsert, one try per write; `options` overrides any part.
 */
export function testFlow(
  name: string,
  fields: readonly FieldSpec[],
  options: Partial<CompiledFlow> = {},
): CompiledFlow {
  const mapping = compileMapping(fields, { onInvalid: 'dead-letter' });
  if (!mapping.ok) throw new Error('test mapping does not compile');
  const endpoint = {
    system: 'x',
    connector: sqlite,
    connection: {},
    options: {},
    key: ['id'],
    where: 'test',
  };
  return {
    name,
    spec: {} as CompiledFlow['spec'],
    source: endpoint,
    target: { ...endpoint, mode: 'upsert' },
    map: mapping.map,
    sourceFields: mapping.sourceFields,
    targetFields: mapping.targetFields,
    freshMap: mapping.forRun,
    batchSize: 2,
    onInvalid: 'dead-letter',
    maxInvalidRate: undefined,
    retry: { attempts: 1, backoff: 'fixed', delayMs: 1, maxDelayMs: 1 },
    ...options,
  };
}
