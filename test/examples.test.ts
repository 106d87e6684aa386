import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './support/cli.js';
import { copyExample, type ExampleServers, setUpExampleServers } from './support/example-copy.js';

/**
 * Golden examples: every examples/<name>/ with a syncline.yaml is copied to a temp dir, set up,
 * run with the real CLI, and its results compared with examples/<name>/expected/:
 *   expected/<system>/<table>.csv  a target table, all columns, ordered by every column
 *   expected/<system>/<file>       a file written by a files system, byte for byte
 *   expected/dead-letters.csv      flow, key, stage, code, field of every dead letter
 * A second run must change nothing. UPDATE_GOLDEN=1 rewrites expected/ (review the diff!).
 * An example whose systems are servers has a setup.mjs (see docs/examples.md): it creates fresh
 * databases, gives the environment for the spec's secret references and dumps the server
 * tables; whatever it created is dropped after the tests, passed or failed.
 */

const examplesDir = path.resolve('examples');
const examples = readdirSync(examplesDir).filter((name) =>
  existsSync(path.join(examplesDir, name, 'syncline.yaml')),
);
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  const results = await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (failures.length > 0) throw new AggregateError(failures, 'cleaning up the examples failed');
});

describe.each(examples)('example %s', (name) => {
  it('produces exactly its expected output, and a second run changes nothing', async () => {
    const temp = copyExample(name);
    cleanups.push(temp.remove);
    const servers = await setUpExampleServers(name, temp.dir);
    if (servers) cleanups.push(() => servers.teardown());
    const source = path.join(examplesDir, name);
    const specPath = temp.spec;
    const env = servers?.env ?? {};

    const first = runCli(['run', '--spec', specPath], undefined, env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const actual = await collectOutputs(temp.dir, specPath, servers);

    const expectedDir = path.join(source, 'expected');
    if (process.env.UPDATE_GOLDEN) writeExpected(expectedDir, actual);
    expect(actual).toEqual(readExpected(expectedDir));

    const second = runCli(['run', '--spec', specPath], undefined, env);
    expect(second.status).toBe(0);
    expect(await collectOutputs(temp.dir, specPath, servers)).toEqual(actual);
  });
});

type Outputs = Record<string, string>;

async function collectOutputs(
  dir: string,
  specPath: string,
  servers: ExampleServers | null,
): Promise<Outputs> {
  const spec = parse(readFileSync(specPath, 'utf8')) as {
    systems: Record<string, { kind: string; connection?: { path?: string; dir?: string } }>;
    flows?: Record<string, { to: { system: string; table?: string; file?: string; path?: string } }>;
  };
  const outputs: Outputs = {};
  for (const flow of Object.values(spec.flows ?? {})) {
    const system = spec.systems[flow.to.system];
    if (system?.kind === 'sqlite' && flow.to.table) {
      outputs[`${flow.to.system}/${flow.to.table}.csv`] = dumpTable(
        path.join(dir, system.connection?.path ?? ''),
        flow.to.table,
      );
    } else if (system?.kind === 'files' && flow.to.file) {
      const file = path.join(dir, system.connection?.dir ?? '.', flow.to.file);
      outputs[`${flow.to.system}/${flow.to.file}`] = existsSync(file) ? readFileSync(file, 'utf8') : '';
    } else if (system?.kind === 'http' && flow.to.path && servers) {
      outputs[`${flow.to.system}${flow.to.path.replace(/\/\{.*$/, '')}.csv`] = stringify([
        ...(await servers.dump(flow.to.system, flow.to.path)),
      ]);
    } else if (system && flow.to.table) {
      if (!servers) {
        throw new Error(`system ${flow.to.system} (${system.kind}) needs the example's setup.mjs`);
      }
      outputs[`${flow.to.system}/${flow.to.table}.csv`] = stringify([
        ...(await servers.dump(flow.to.system, flow.to.table)),
      ]);
    }
  }
  outputs['dead-letters.csv'] = dumpDeadLetters(path.join(dir, '.syncline', 'state.db'));
  return outputs;
}

function dumpTable(file: string, table: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const columns = (
      db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]
    ).map((c) => c.name);
    const order = columns.map((_, i) => i + 1).join(', ');
    const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().all() as unknown[][];
    return stringify([columns, ...rows]);
  } finally {
    db.close();
  }
}

function dumpDeadLetters(file: string): string {
  if (!existsSync(file)) return '';
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT flow, key, stage, code, field FROM dead_letters ORDER BY flow, key, code')
      .raw()
      .all() as unknown[][];
    return stringify([['flow', 'key', 'stage', 'code', 'field'], ...rows]);
  } finally {
    db.close();
  }
}

function readExpected(dir: string): Outputs {
  const outputs: Outputs = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const next = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(next);
      else outputs[next] = readFileSync(path.join(dir, next), 'utf8');
    }
  };
  if (existsSync(dir)) walk('');
  return outputs;
}

function writeExpected(dir: string, outputs: Outputs): void {
  for (const [name, content] of Object.entries(outputs)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}
