import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runCli, startCli } from './cli.js';

/**
 * The crash-safety harness: runs a flow with the real CLI, SIGKILLs it again and again at
 * seeded random points (while it connects, reads, maps, writes or commits its checkpoint),
 * checks after every kill that the stored checkpoint is never ahead of what the target holds,
 * lets the last run finish, and then compares the target with the source rows by key and a
 * content checksum, in SQL of the pair's own (never syncline code): lost, duplicated, changed.
 */

/** One generated source row; the flow trims `name` and trims and lower-cases `email`. */
export interface SourceRow {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  /** Exact decimal, as text with two places. */
  readonly amount: string;
  /** YYYY-MM-DDTHH:MM:SS (UTC); several rows share one, so resuming needs the key as tie-breaker. */
  readonly updatedAt: string;
}

/** A target row as the pair reads it back: canonical text. */
export type TargetRow = readonly [id: number, name: string, email: string, amount: string, updatedAt: string];

/** A source -> target pair on real systems: the source table `items`, the target `items_copy`. */
export interface CrashPair {
  readonly name: string;
  /** YAML of the `src` and `dst` systems (indented by four spaces under `systems:`). */
  readonly systems: string;
  /** The flow's `to:` block contents; default the upsert into table items_copy keyed by id. */
  readonly to?: string;
  /** Creates both tables and fills the source. */
  seed(rows: readonly SourceRow[]): Promise<void>;
  /** Rows in the target (how far a run has come). */
  count(): Promise<number>;
  /** Target rows whose id is <= id. */
  countUpTo(id: number): Promise<number>;
  readAll(): Promise<readonly TargetRow[]>;
  /** Drops what seed created. */
  close(): Promise<void>;
}

export interface CrashTrial {
  readonly pair: string;
  readonly kills: number;
  readonly rows: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Present with other content than the source row maps to. */
  readonly changed: number;
  /** Kills after which the checkpoint was ahead of the target (must be 0). */
  readonly checkpointAhead: number;
  /** Exit status and stderr of the final, uninterrupted run. */
  readonly finalStatus: number | null;
  readonly finalStderr: string;
}

export function sourceRows(count: number): SourceRow[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    const stamp = new Date(Date.UTC(2026, 0, 1) + Math.floor(id / 7) * 1000);
    return {
      id,
      name: ` Name ${id} `,
      email: ` User${id}@Example.COM `,
      amount: `${id % 1000}.${String(id % 100).padStart(2, '0')}`,
      updatedAt: stamp.toISOString().slice(0, 19),
    };
  });
}

export interface TrialOptions {
  readonly dir: string;
  readonly rows: number;
  readonly kills: number;
  readonly batchSize: number;
  readonly random: () => number;
}

export async function runCrashTrial(pair: CrashPair, options: TrialOptions): Promise<CrashTrial> {
  const specPath = path.join(options.dir, 'syncline.yaml');
  writeFileSync(specPath, pairSpec(pair, options.batchSize));
  const rows = sourceRows(options.rows);
  await pair.seed(rows);
  const state = path.join(options.dir, '.syncline', 'state.db');
  let kills = 0;
  let checkpointAhead = 0;
  for (let attempt = 0; kills < options.kills && attempt < options.kills * 2; attempt++) {
    const before = await pair.count();
    const child = startCli(['run', 'copy', '--spec', specPath]);
    let exited = false;
    const exit = new Promise<void>((resolve) =>
      child.on('exit', () => {
        exited = true;
        resolve();
      }),
    );
    if (options.random() < 0.2) {
      // Early: while it starts, connects, resumes from the checkpoint or reads its first batch —
      // a random moment within the first second, or once it has written its first batch,
      // whichever comes first (a fast machine would otherwise finish the data in that second).
      const until = Date.now() + options.random() * 1000;
      while (!exited && Date.now() < until && (await pair.count()) <= before + options.batchSize) {
        await sleep(2 + options.random() * 5);
      }
    } else {
      // Once this run has written up to a few batches, and then a random moment more, so the
      // kill lands anywhere in a batch's read, map, write or checkpoint commit.
      const threshold = before + 1 + Math.floor(options.random() * 3 * options.batchSize);
      while (!exited && (await pair.count()) < threshold) await sleep(2 + options.random() * 5);
      await sleep(options.random() * 30);
    }
    if (!exited) {
      child.kill('SIGKILL');
      kills++;
    }
    await exit;
    const checkpoint = checkpointId(state);
    if (checkpoint !== undefined && (await pair.countUpTo(checkpoint)) !== checkpoint) checkpointAhead++;
  }
  const final = runCli(['run', 'copy', '--spec', specPath]);
  return {
    pair: pair.name,
    kills,
    rows: options.rows,
    ...compare(rows, await pair.readAll()),
    checkpointAhead,
    finalStatus: final.status,
    finalStderr: final.stderr,
  };
}

/** The spec of flow `copy` for a pair; `flowExtra` adds lines (indented by four) to the flow. */
export function pairSpec(pair: Pick<CrashPair, 'systems' | 'to'>, batchSize: number, flowExtra = ''): string {
  return `version: 1
project: { name: crash test }
systems:
${pair.systems}
flows:
  copy:
    from: { system: src, table: items, key: id, cursor: updated_at, batchSize: ${batchSize} }
    to: { ${pair.to ?? 'system: dst, table: items_copy, key: id, mode: upsert'} }
    fields:
      - { from: id, to: id }
      - { from: name, to: name, transform: trim }
      - { from: email, to: email, transform: "trim | lower" }
      - { from: amount, to: amount }
      - { from: updated_at, to: updated_at }
${flowExtra}`;
}

/** The independent check: every source row once in the target, with exactly the mapped content. */
export function compare(
  rows: readonly SourceRow[],
  target: readonly TargetRow[],
): { lost: number; duplicated: number; changed: number } {
  const expected = new Map(
    rows.map((row) => [
      row.id,
      checksum([row.name.trim(), row.email.trim().toLowerCase(), row.amount, row.updatedAt]),
    ]),
  );
  const seen = new Map<number, number>();
  let changed = 0;
  for (const [id, ...content] of target) {
    seen.set(id, (seen.get(id) ?? 0) + 1);
    if (expected.get(id) !== checksum(content)) changed++;
  }
  let lost = 0;
  for (const id of expected.keys()) if (!seen.has(id)) lost++;
  let duplicated = 0;
  for (const times of seen.values()) duplicated += times - 1;
  return { lost, duplicated, changed };
}

function checksum(values: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}

/** The id in the stored checkpoint of flow `copy`, read straight from the state database. */
function checkpointId(state: string): number | undefined {
  if (!existsSync(state)) return undefined;
  const db = new Database(state, { readonly: true, timeout: 5000 });
  try {
    const columns = db.prepare("SELECT name FROM pragma_table_info('checkpoints')").all() as {
      name: string;
    }[];
    const valueColumn = columns.map((c) => c.name).find((name) => /checkpoint|value|data|json/.test(name));
    if (!valueColumn) throw new Error('cannot find the checkpoint column in the state store');
    const row = db.prepare(`SELECT "${valueColumn}" AS value FROM checkpoints WHERE flow = 'copy'`).get() as
      | { value: string }
      | undefined;
    if (!row) return undefined;
    const stored = JSON.parse(row.value) as { source?: { key?: unknown[] } | null };
    const key = stored.source?.key?.[0];
    return typeof key === 'number' ? key : undefined;
  } finally {
    db.close();
  }
}

/** A table of trials, for the test output. */
export function summaryTable(trials: readonly CrashTrial[]): string {
  const header = ['pair', 'kills', 'rows', 'lost', 'duplicated', 'changed', 'checkpoint ahead'];
  const lines = trials.map((t) =>
    [t.pair, t.kills, t.rows, t.lost, t.duplicated, t.changed, t.checkpointAhead].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]?.length ?? 0)));
  const format = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

/** A small seeded PRNG, so kill points can be replayed (SYNCLINE_TEST_SEED). */
export function mulberry32(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
