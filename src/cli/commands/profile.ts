import path from 'node:path';
import type { Command } from 'commander';
import { openEndpointSource } from '../../engine/connect-flow.js';
import type { ColumnProfile, TableProfile } from '../../profile/column-profile.js';
import { describeFormats } from '../../profile/format-tally.js';
import { writeProfile } from '../../profile/profile-file.js';
import { profileRows } from '../../profile/profile-rows.js';
import { tableEndpoint } from '../../profile/table-endpoint.js';
import { CliExit, exitCode } from '../exit-code.js';
import { checkProject, printProblems } from '../load-project.js';
import { createOutput, formatTable, type Output } from '../output.js';

interface ProfileOptions {
  sample: string;
  key?: string;
  json?: boolean;
}

export function profileCommand(program: Command): void {
  program
    .command('profile')
    .description(
      'profile real data of SYSTEM.TABLE: empties, distinct values, lengths, scripts, formats seen',
    )
    .argument('<target>', 'SYSTEM.TABLE (a file name for a files system, schema.table for postgres)')
    .option('--sample <n>', 'stop after this many rows', '10000')
    .option('--key <columns>', 'columns to page by, comma-separated (default: the primary key)')
    .option('--json', 'print the profile as JSON')
    .action(async (target: string, options: ProfileOptions) => {
      const out = createOutput();
      const sample = Number(options.sample);
      if (!Number.isInteger(sample) || sample < 1)
        throw new CliExit(exitCode.usage, '--sample takes a whole number above 0');
      const result = await checkProject(program.opts<{ spec: string }>().spec);
      if (!result.ok) {
        printProblems(result.problems, out);
        throw new CliExit(exitCode.usage);
      }
      const { project } = result;
      const key = options.key ? options.key.split(',').map((k) => k.trim()) : [];
      const endpoint = tableEndpoint(project.spec, target, key);
      const context = { baseDir: project.baseDir, env: process.env };
      const source = await openEndpointSource(endpoint, Math.min(sample, 1000), context);
      const controller = new AbortController();
      let profile: TableProfile;
      try {
        profile = await profileRows(source.read(undefined, controller.signal), {
          system: endpoint.system,
          table: endpoint.table,
          sample,
          now: () => new Date(),
        });
      } finally {
        controller.abort();
        await source.close();
      }
      const file = await writeProfile(project.baseDir, profile);
      if (options.json) return out.json(profile);
      printProfile(profile, out);
      out.line();
      out.line(out.paint('dim', `stored in ${path.relative(process.cwd(), file)}`));
    });
}

function printProfile(profile: TableProfile, out: Output): void {
  out.line(
    `${out.paint('bold', `${profile.system}.${profile.table}`)}: ${profile.rows} rows${profile.sampled ? ' (sample)' : ''}`,
  );
  out.line();
  out.line(
    formatTable(
      ['column', 'null', 'empty', 'blank', 'distinct', 'min', 'max', 'length', 'scripts', 'case', 'padded'],
      profile.columns.map((c) => [
        c.name,
        percent(c.nulls, c.count),
        percent(c.empty, c.count),
        percent(c.whitespace, c.count),
        `${c.distinct.exact ? '' : '~'}${c.distinct.count}`,
        clip(c.min),
        clip(c.max),
        c.length ? `${c.length.min}-${c.length.max} (p50 ${c.length.p50})` : '',
        Object.keys(c.scripts).join(' '),
        Object.entries(c.case)
          .sort(([, a], [, b]) => b - a)
          .map(([k]) => k)
          .join(' '),
        c.padded.leading + c.padded.trailing > 0 ? String(c.padded.leading + c.padded.trailing) : '',
      ]),
    ),
  );
  const notes = profile.columns.flatMap(columnNotes);
  if (notes.length === 0) return;
  out.line();
  for (const note of notes) out.line(note);
}

/** "signup_date: dates dd/MM/yyyy 71%, MM/dd/yyyy 20%, ISO 9%; 12 values ambiguous" and outliers. */
export function columnNotes(column: ColumnProfile): string[] {
  const notes: string[] = [];
  for (const [kind, report] of Object.entries(column.formats)) {
    if (!report) continue;
    const examples = report.formats.map((f) => `${f.format}: ${f.examples.map(show).join(', ')}`).join('; ');
    notes.push(
      `${column.name}: ${kind} formats in ${report.total} values: ${describeFormats(report)} (e.g. ${examples})`,
    );
  }
  if (column.outliers.length > 0)
    notes.push(
      `${column.name}: outliers ${column.outliers
        .slice(0, 5)
        .map((o) => `${show(o.value)} (${o.reason})`)
        .join(', ')}`,
    );
  return notes;
}

const percent = (part: number, whole: number) => (part === 0 ? '0' : `${((part / whole) * 100).toFixed(1)}%`);
const show = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
const clip = (value: string | number | undefined) =>
  value === undefined
    ? ''
    : typeof value === 'number'
      ? String(value)
      : value.length > 20
        ? `${value.slice(0, 17)}...`
        : value;
