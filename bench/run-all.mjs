// `npm run bench`: runs every bench/*.bench.mjs in its own process (so peak memory is its own),
// passing the command-line arguments on. Each prints its table and writes bench/results/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const forwarded = process.argv
  .slice(2)
  .filter((a, i, all) => a.startsWith('--') || all[i - 1]?.startsWith('--'));
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, [`bench/${bench}`, ...forwarded], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
