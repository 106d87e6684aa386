// Node-RED is a baseline, not a dependency of syncline: it is installed on first use with
// `npm install --prefix` into a scratch folder (bench/.scratch/node-red, gitignored, or under
// SYNCLINE_BENCH_SCRATCH) and reused while the pinned versions are there. pg is installed beside
// it at the project's own version, for the function nodes (see decision 0041).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What the scratch folder holds: Node-RED 4.1 (the last line on Node 20) and the pg driver. */
export const nodeRedPackages = { 'node-red': '4.1.8', pg: '8.23.1' };

/** The scratch folder Node-RED is installed into. */
export function nodeRedHome() {
  return path.resolve(process.env.SYNCLINE_BENCH_SCRATCH ?? 'bench/.scratch', 'node-red');
}

const installedVersion = (home, name) => {
  const manifest = path.join(home, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
};

/** Installs the pinned packages into the scratch folder unless they are there; returns the folder. */
export function installNodeRed() {
  const home = nodeRedHome();
  const missing = Object.entries(nodeRedPackages).filter(
    ([name, version]) => installedVersion(home, name) !== version,
  );
  if (missing.length === 0) return home;
  mkdirSync(home, { recursive: true });
  console.log(`installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into ${home}`);
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      home,
      '--save-exact',
      '--omit=dev',
      '--no-audit',
      '--no-fund',
      ...Object.entries(nodeRedPackages).map(([n, v]) => `${n}@${v}`),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (npm.status !== 0)
    throw new Error(
      `npm install of Node-RED into ${home} failed (${npm.status}): check the registry is reachable, or set SYNCLINE_BENCH_NODE_RED=off`,
    );
  return home;
}
