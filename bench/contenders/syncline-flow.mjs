// For profiling (docs/benchmarks.md): runs one flow of a spec with syncline's engine in one
// process, as `syncline run` does (with the CLI's heap growth limit, docs/decisions/0047), and
// checks the count. The benches time `syncline run` itself (bench/kit/measure.mjs).
// Usage: node bench/contenders/syncline-flow.mjs <spec.yaml> <flow> <rows>
import path from 'node:path';
import { limitHeapGrowth } from '../../dist/cli/limit-heap-growth.js';
import { connectors } from '../../dist/connectors/registry.js';
import { checkProject } from '../../dist/engine/check-project.js';
import { connectFlow } from '../../dist/engine/connect-flow.js';
import { runFlow } from '../../dist/engine/run-flow.js';
import { openSqliteStore } from '../../dist/store/sqlite/open-sqlite-store.js';

limitHeapGrowth();
const [spec, flowName, rows] = process.argv.slice(2);
const checked = await checkProject(spec, connectors);
if (!checked.ok) throw new Error(JSON.stringify(checked.problems, null, 2));
const flow = checked.project.flows.get(flowName);
const work = path.dirname(spec);
const store = await openSqliteStore(path.join(work, `.syncline-${process.pid}`, 'state.db'));
const run = await runFlow({ flow, store, endpoints: connectFlow(flow, { baseDir: work, env: {} }) });
await store.close();
if (run.status !== 'succeeded' || run.written !== Number(rows)) {
  throw new Error(`run ${run.status}, ${run.written} written: ${run.error?.message ?? ''}`);
}
