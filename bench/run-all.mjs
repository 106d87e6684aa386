// `npm run bench`: runs every bench/*.bench.mjs in its own process (so peak memory is its own),
// passing the command-line arguments on. Each prints its table and writes bench/results/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

// `--rows 10000 --passes 1` are forwarded; the other words name benches.
const args = process.argv.slice(2);
const isOption = (a, i) => a.startsWith('--') || args[i - 1]?.startsWith('--');
const only = args.filter((a, i) => !isOption(a, i));
const forwarded = args.filter(isOption);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));
if (benches.length === 0) {
  console.error(
    `no bench matches ${only.join(', ')}: ${readdirSync('bench')
      .filter((f) => f.endsWith('.bench.mjs'))
      .join(', ')}`,
  );
  process.exit(1);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, [`bench/${bench}`, ...forwarded], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
