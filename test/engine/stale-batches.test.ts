import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Source, Target } from '../../src/core/connector.js';
import type { Batch, Row } from '../../src/core/row.js';
import type { CompiledFlow } from '../../src/engine/compiled-flow.js';
import { runFlow } from '../../src/engine/run-flow.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { testFlow } from '../support/test-flow.js';

/**
 * A long run keeps no old batch alive (decision 0047): after some thousand batches V8 has
 * optimised the loops of the read path, and a loop frame that lives for the whole run then
 * kept a stale register pointing at an old batch until the end. Counted after a forced
 * collection, late in a run of many small batches.
 */

v8.setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

let work: ReturnType<typeof makeTempDir>;
let store: StateStore;
beforeEach(async () => {
  work = makeTempDir('stale-batches');
  store = await openSqliteStore(path.join(work.dir, 'state.db'));
});
afterEach(async () => {
  await store.close();
  work.remove();
});

function flow(): CompiledFlow {
  return testFlow('ids', [{ from: 'id', to: 'id' }]);
}

const batches = 4000;
const checkAt = [2500, 3000, 3500];

describe('a long run', () => {
  it('holds no batch but the current one and the one read ahead', async () => {
    const alive = new Set<number>();
    const registry = new FinalizationRegistry<number>((n) => alive.delete(n));
    const stale: number[][] = [];
    // A plain iterator, so the only frames that could hold a batch are the engine's.
    const source: Source = {
      incremental: true,
      readAhead: true,
      read: () => {
        let n = 0;
        return {
          [Symbol.asyncIterator]: () => ({
            async next(): Promise<IteratorResult<Batch>> {
              if (checkAt.includes(n)) {
                collect();
                for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
                stale.push([...alive].filter((m) => m < n - 2));
              }
              if (n === batches) return { done: true, value: undefined };
              n++;
              const rows: Row[] = [{ id: 2 * n }, { id: 2 * n + 1 }];
              alive.add(n);
              registry.register(rows, n);
              return { done: false, value: { rows, checkpoint: n } };
            },
          }),
        };
      },
      async close() {},
    };
    const target: Target = {
      async write(request) {
        return { written: request.rows.length, rejected: [] };
      },
      async close() {},
    };
    const record = await runFlow({
      flow: flow(),
      store,
      endpoints: { openSource: async () => source, openTarget: async () => target },
    });
    expect(record).toMatchObject({ status: 'succeeded', written: 2 * batches });
    expect(stale).toEqual(checkAt.map(() => []));
  }, 60_000);
});
