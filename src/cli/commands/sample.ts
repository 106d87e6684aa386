import path from 'node:path';
import type { Command } from 'commander';
import type { ColumnPlan } from '../../sample/plan-columns.js';
import { defaultSeedReference } from '../../sample/resolve-sample-seed.js';
import { type SampleResult, sampleTables } from '../../sample/sample-tables.js';
import { type WrittenSample, writeSample } from '../../sample/write-sample.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject } from '../load-project.js';
import { createOutput, formatTable, type Output } from '../output.js';

interface SampleOptions {
  anonymize?: boolean;
  rows: string;
  out?: string;
  seed: string;
  link?: string[];
  fixtures: boolean;
  json?: boolean;
}

export function sampleCommand(program: Command): void {
  program
    .command('sample')
    .description(
      'pull a real sample of SYSTEM.TABLE (and the related rows of other tables named) with personal data replaced by consistent pseudonyms; writes fixtures for syncline test',
    )
    .argument('<tables...>', 'SYSTEM.TABLE names, e.g. crm.Customer crm.Invoice (parents and children)')
    .option('--anonymize', 'replace personal data (required: syncline never writes raw samples)')
    .option('--rows <n>', 'rows of each parent table; children follow their sampled parents', '100')
    .option(
      '--out <dir>',
      'folder for SYSTEM.TABLE.jsonl and sample.json (default: samples/ beside the spec)',
    )
    .option('--seed <reference>', 'secret reference of the pseudonym seed', defaultSeedReference)
    .option('--link <child=parent...>', 'CHILD.COLUMN=PARENT.COLUMN when column names do not show the link')
    .option('--no-fixtures', 'do not write tests/FLOW/sample-TABLE.jsonl for flows reading a sampled table')
    .option('--json', 'print what was sampled and written as JSON')
    .action(async (tables: string[], options: SampleOptions) => {
      const out = createOutput();
      if (!options.anonymize)
        throw new CliExit(
          exitCode.usage,
          'syncline sample writes anonymised data only: add --anonymize (docs/sampling.md)',
        );
      const rows = Number(options.rows);
      if (!Number.isInteger(rows) || rows < 1)
        throw new CliExit(exitCode.usage, '--rows takes a whole number above 0');
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      let result: SampleResult;
      try {
        result = await sampleTables({
          spec: project.spec,
          context: { baseDir: project.baseDir, env: process.env },
          tables,
          rows,
          links: options.link ?? [],
          seed: options.seed,
          signal: controller.signal,
        });
      } finally {
        process.removeListener('SIGINT', stop);
      }
      const outDir = path.resolve(options.out ?? path.join(project.baseDir, 'samples'));
      const written = await writeSample(result.tables, {
        outDir,
        baseDir: project.baseDir,
        flows: project.flows.values(),
        seedFrom: result.seedFrom,
        fixtures: options.fixtures,
      });
      if (options.json) return out.json(describeResult(result, written));
      printResult(result, written, out);
    });
}

function describeResult(result: SampleResult, written: WrittenSample) {
  return {
    seed: { from: result.seedFrom },
    tables: result.tables.map((t) => ({
      name: t.sampled.name,
      rows: t.rows.length,
      links: t.sampled.links,
      columns: t.columns,
    })),
    collisions: result.collisions,
    files: written.files,
    fixtures: written.fixtures,
  };
}

function printResult(result: SampleResult, written: WrittenSample, out: Output): void {
  for (const { sampled, columns, rows } of result.tables) {
    const via = sampled.links.map((l) => `${l.column} -> ${l.parent}.${l.parentColumn}`).join(', ');
    out.line(
      `${out.paint('bold', sampled.name)}: ${rows.length} row${rows.length === 1 ? '' : 's'}${via ? ` (those referencing the sampled rows: ${via})` : ''}`,
    );
    out.line(
      formatTable(
        ['column', 'treatment', 'why'],
        columns.map((c) => [c.column, treatment(c), why(c)]),
      ),
    );
    out.line();
  }
  out.line(`seed: from ${result.seedFrom} (never written to the output)`);
  if (result.collisions > 0)
    out.line(
      out.paint(
        'yellow',
        `${result.collisions} key-like value${result.collisions === 1 ? '' : 's'} share a fake with another value (too little room in their format); joins on them may match more rows`,
      ),
    );
  for (const f of written.fixtures)
    out.line(
      `fixtures for flow ${f.flow}: ${rel(f.file)} (${f.written} written, ${f.deadLetters} dead letter${f.deadLetters === 1 ? '' : 's'} as the mapping stands today — review them, then run syncline test ${f.flow})`,
    );
  out.line(out.paint('dim', `written: ${written.files.map(rel).join(', ')}`));
}

function treatment(plan: ColumnPlan): string {
  if (plan.kind === undefined) return 'kept';
  return plan.kind === 'date' ? 'date shifted' : `fake ${plan.kind}`;
}

function why(plan: ColumnPlan): string {
  if (plan.by === 'spec')
    return `spec${plan.detected && plan.detected !== plan.kind ? ` (detected ${plan.detected})` : ''}`;
  if (plan.by === 'none') return plan.detected ? `spec says none (detected ${plan.detected})` : '';
  if (plan.by === 'content') return `values look like ${plan.kind} (${Math.round((plan.share ?? 0) * 100)}%)`;
  return 'column name';
}

const rel = (file: string) => path.relative(process.cwd(), file) || file;
