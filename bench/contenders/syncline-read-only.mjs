// The part of a syncline run that is not writing: reads every row through the flow's source
// connector and maps it, then throws it away. Its CPU is the floor under syncline's figure on
// the same data (the driver's row parsing and the mapping), so the table shows how much of the
// cost is reading and how much is writing. Usage: node bench/contenders/syncline-read-only.mjs <spec.yaml> <flow> <rows>
import path from 'node:path';
import { connectors } from '../../dist/connectors/registry.js';
import { checkProject } from '../../dist/engine/check-project.js';
import { connectFlow } from '../../dist/engine/connect-flow.js';

const [spec, flowName, rows] = process.argv.slice(2);
const checked = await checkProject(spec, connectors);
if (!checked.ok) throw new Error(JSON.stringify(checked.problems, null, 2));
const flow = checked.project.flows.get(flowName);
const source = await connectFlow(flow, { baseDir: path.dirname(spec), env: {} }).openSource();
let read = 0;
for await (const batch of source.read(undefined, new AbortController().signal)) {
  for (const row of batch.rows) if (!flow.map(row).ok) throw new Error(`row ${read} failed to map`);
  read += batch.rows.length;
}
await source.close();
if (read !== Number(rows)) throw new Error(`read ${read} rows, expected ${rows}`);
