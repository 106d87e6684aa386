// Summarises a V8 CPU profile (node --cpu-prof): self time by function and by file, the first
// place to look before optimising. Usage: node bench/kit/cpu-profile-summary.mjs <profile dir or file> [top N]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const [where, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const file = statSync(where).isDirectory()
  ? path.join(
      where,
      readdirSync(where)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort()
        .pop(),
    )
  : where;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const byFunction = new Map();
const byFile = new Map();
let total = 0;
const add = (map, key, micros) => map.set(key, (map.get(key) ?? 0) + micros);
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  total += micros;
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const where = url.replace(/.*\/(node_modules|dist)\//, '$1/') || '(native)';
  add(byFunction, `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`, micros);
  add(byFile, where, micros);
});
const table = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n\nself time by function\n${table(byFunction)}`);
console.log(`\nself time by file\n${table(byFile)}`);
