import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodePayload } from '../core/encode-payload.js';
import { isRecord } from '../core/is-record.js';
import type { JsonValue } from '../core/row.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import type { AnonymizedTable } from './anonymize-sample.js';

export interface WriteSampleOptions {
  /** Folder of the plain per-table files and sample.json. */
  readonly outDir: string;
  /** The spec's folder: fixtures go to its tests/FLOW/. */
  readonly baseDir: string;
  readonly flows: Iterable<CompiledFlow>;
  /** Where the seed came from (the reference, never the value), for sample.json. */
  readonly seedFrom: string;
  /** Also write tests/FLOW/sample-TABLE.jsonl for flows reading a sampled table. */
  readonly fixtures: boolean;
}

export interface WrittenSample {
  readonly files: readonly string[];
  /** Per fixture file: its flow, how many records the mapping writes and refuses. */
  readonly fixtures: readonly { file: string; flow: string; written: number; deadLetters: number }[];
}

/**
 * Writes the anonymised sample: OUT/SYSTEM.TABLE.jsonl per table (lossless JSON, one row a
 * line), OUT/sample.json (what was detected and how each column was treated, where the seed
 * came from), and for every flow that reads a sampled table a fixture file that `syncline test`
 * runs. The fixture's expected output is what the mapping makes of the record today: a
 * regression baseline to review, not a specification (docs/sampling.md).
 */
export async function writeSample(
  tables: readonly AnonymizedTable[],
  options: WriteSampleOptions,
): Promise<WrittenSample> {
  const files: string[] = [];
  await mkdir(options.outDir, { recursive: true });
  for (const table of tables) {
    const file = path.join(options.outDir, `${table.sampled.name}.jsonl`);
    await writeAtomically(
      file,
      table.rows.map((row) => JSON.stringify(encodePayload(row))),
    );
    files.push(file);
  }
  const manifest = path.join(options.outDir, 'sample.json');
  await writeAtomically(manifest, [JSON.stringify(describeSample(tables, options.seedFrom), null, 2)]);
  files.push(manifest);
  const fixtures: WrittenSample['fixtures'][number][] = [];
  if (options.fixtures) {
    for (const flow of options.flows) {
      const table = tables.find((t) => readsTable(flow, t));
      if (table === undefined) continue;
      const file = path.join(
        options.baseDir,
        'tests',
        flow.name,
        `sample-${safeName(table.sampled.table)}.jsonl`,
      );
      const lines = table.rows.map((input, index) => fixtureLine(flow, table, input, index));
      await mkdir(path.dirname(file), { recursive: true });
      await writeAtomically(
        file,
        lines.map((line) => JSON.stringify(line)),
      );
      files.push(file);
      const deadLetters = lines.filter((line) => 'deadLetter' in line).length;
      fixtures.push({ file, flow: flow.name, written: lines.length - deadLetters, deadLetters });
    }
  }
  return { files, fixtures };
}

function describeSample(tables: readonly AnonymizedTable[], seedFrom: string): JsonValue {
  return {
    version: 1,
    seed: { from: seedFrom },
    tables: tables.map(({ sampled, columns, rows }) => ({
      name: sampled.name,
      rows: rows.length,
      links: sampled.links.map((l) => `${l.column} -> ${l.parent}.${l.parentColumn} (${l.by})`),
      columns: columns.map((c) => ({
        column: c.column,
        treatment: c.kind ?? 'kept',
        by: c.by,
        ...(c.detected ? { detected: c.detected } : {}),
      })),
    })),
  };
}

/** Whether the flow's from: is this sampled table of this system. */
function readsTable(flow: CompiledFlow, table: AnonymizedTable): boolean {
  const options = flow.source.options;
  if (flow.source.system !== table.sampled.system || !isRecord(options)) return false;
  const named = options.table ?? options.file;
  const full = typeof options.schema === 'string' ? `${options.schema}.${String(named)}` : named;
  return named === table.sampled.table || full === table.sampled.table;
}

function fixtureLine(
  flow: CompiledFlow,
  table: AnonymizedTable,
  input: Record<string, unknown>,
  index: number,
) {
  const name = `anonymised sample of ${table.sampled.name}, row ${index + 1}`;
  const outcome = flow.freshMap()(input);
  if (outcome.ok) return { name, input: encodePayload(input), output: encodePayload(outcome.row) };
  const issue = outcome.issues[0];
  return {
    name,
    input: encodePayload(input),
    deadLetter: {
      ...(issue?.code ? { code: issue.code } : {}),
      ...(issue?.path ? { field: issue.path } : {}),
    },
  };
}

const safeName = (table: string) => table.replace(/[^\w.-]+/g, '_');

async function writeAtomically(file: string, lines: readonly string[]): Promise<void> {
  await writeFile(`${file}.tmp`, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  await rename(`${file}.tmp`, file);
}
