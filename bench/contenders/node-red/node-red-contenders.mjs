// Which Node-RED flows a bench runs, from SYNCLINE_BENCH_NODE_RED: `all` (the default) runs both,
// `batch` only the one message per page (the per-row flow costs minutes at 200,000 rows), `off`
// none and installs nothing (the smoke test).
import { installNodeRed } from './install-node-red.mjs';

const variants = {
  batch: { name: 'Node-RED, one message per page', flow: 'batch' },
  'per-row': { name: 'Node-RED, one message per row', flow: 'per-row' },
};
const choices = { off: [], batch: ['batch'], all: ['batch', 'per-row'] };

/** The Node-RED variants to run, from SYNCLINE_BENCH_NODE_RED (off | batch | all). */
export function nodeRedVariants() {
  const choice = process.env.SYNCLINE_BENCH_NODE_RED ?? 'all';
  if (!(choice in choices))
    throw new Error(`SYNCLINE_BENCH_NODE_RED=${choice} is not one of ${Object.keys(choices).join(', ')}`);
  return choices[choice];
}

/**
 * The Node-RED contenders for the PostgreSQL -> PostgreSQL bench (installing Node-RED into the
 * scratch folder first, outside any timing), the "Node-RED best" group for the table, and a
 * note saying which variants ran.
 */
export function nodeRedContenders(source, target) {
  const chosen = nodeRedVariants();
  if (chosen.length > 0) installNodeRed();
  const contenders = chosen.map((v) => ({
    name: variants[v].name,
    command: `node bench/contenders/node-red/run-node-red.mjs ${variants[v].flow} ${source} ${target}`,
  }));
  const ran =
    chosen.length === 0
      ? 'not run'
      : chosen.map((v) => variants[v].name.replace('Node-RED, ', '')).join(' and ');
  return {
    contenders,
    best: { label: 'Node-RED best', names: contenders.map((c) => c.name) },
    note: `Node-RED 4.1.8 (SYNCLINE_BENCH_NODE_RED=${process.env.SYNCLINE_BENCH_NODE_RED ?? 'all'}): ${ran}.`,
  };
}
