// The Node-RED contender: writes a settings file and one of the two flows into a fresh user
// folder, starts Node-RED headless (no editor, no HTTP server: httpAdminRoot and httpNodeRoot
// are false), lets the flow's inject node start it, waits for the flow's "finish" node, stops
// Node-RED as Ctrl-C would and exits. The bench times this process and the Node-RED it starts.
// Node-RED must be installed first (installNodeRed, which the bench calls before timing).
// Usage: node bench/contenders/node-red/run-node-red.mjs <batch|per-row> <source schema> <target schema>
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pgUrl } from '../../kit/pg-workload.mjs';
import { nodeRedHome } from './install-node-red.mjs';
import { nodeRedFlow } from './node-red-flows.mjs';

const [variant, source, target] = process.argv.slice(2);
const home = nodeRedHome();
const userDir = mkdtempSync(path.join(home, 'user-'));
writeFileSync(
  path.join(userDir, 'flows.json'),
  JSON.stringify(nodeRedFlow(variant, { source, target, pgUrl, pageSize: 10_000 }), null, 2),
);
// The settings a headless deployment would use; the function nodes get pg from the global
// context, and "finish" / "fail" report to this launcher over the IPC channel of fork().
writeFileSync(
  path.join(userDir, 'settings.js'),
  `module.exports = {
  flowFile: 'flows.json',
  credentialSecret: false,
  uiHost: '127.0.0.1',
  httpAdminRoot: false,
  httpNodeRoot: false,
  disableEditor: true,
  functionExternalModules: false,
  externalModules: { autoInstall: false, palette: { allowInstall: false } },
  diagnostics: { enabled: false },
  runtimeState: { enabled: false },
  telemetry: { enabled: false, updateNotification: false },
  logging: { console: { level: 'error', metrics: false, audit: false } },
  functionGlobalContext: {
    pg: require(${JSON.stringify(path.join(home, 'node_modules', 'pg'))}),
    bench: {
      finished: (rows) => process.send({ finished: rows }),
      failed: (message) => process.send({ failed: message }),
    },
  },
};
`,
);

const red = fork(
  path.join(home, 'node_modules', 'node-red', 'red.js'),
  ['--settings', path.join(userDir, 'settings.js'), '--userDir', userDir],
  { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
let outcome;
red.on('message', (message) => {
  if (outcome) return;
  outcome = message;
  red.kill('SIGINT');
});
const code = await new Promise((resolve) =>
  red.on('exit', (exitCode, signal) => resolve(exitCode ?? signal)),
);
rmSync(userDir, { recursive: true, force: true });
if (outcome?.finished === undefined) {
  console.error(
    outcome?.failed
      ? `Node-RED ${variant} flow failed: ${outcome.failed}`
      : `Node-RED stopped (${code}) before the ${variant} flow finished`,
  );
  process.exit(1);
}
