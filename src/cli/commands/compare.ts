import path from 'node:path';
import type { Command } from 'commander';
import { compareDeclared } from '../../compare/compare-declared.js';
import type { CompareOutcome } from '../../compare/compare-result.js';
import { keyLabel, valueText } from '../../compare/difference-text.js';
import type { ToleranceOverrides } from '../../compare/tolerance.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput, type Output } from '../output.js';
import { selectFlows } from './run.js';

interface CompareFlags {
  baseline?: string;
  key?: string;
  ignore?: string;
  trim?: boolean;
  caseInsensitive?: string | boolean;
  emptyAsNull?: boolean;
  numericEpsilon?: string;
  dates?: string;
  out?: string;
  show: string;
  json?: boolean;
}

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function compareCommand(program: Command): void {
  program
    .command('compare')
    .description(
      "parallel run: the flow's mapping over its whole source, without writing, compared by key with the old process's output",
    )
    .argument('<flow>', 'the flow to compare')
    .option('--baseline <system.table>', 'the old process output (default: flows.FLOW.compare.baseline)')
    .option(
      '--key <columns>',
      'columns matching records, comma-separated (default: compare.key, then to.key)',
    )
    .option('--ignore <fields>', 'fields not compared, comma-separated (replaces compare.ignore)')
    .option('--trim', 'leading and trailing spaces do not count')
    .option('--case-insensitive [fields]', 'letter case does not count (in these fields, comma-separated)')
    .option('--empty-as-null', 'empty text and null are the same')
    .option('--numeric-epsilon <n>', 'numbers this close are the same, e.g. 0.005')
    .option('--dates <mode>', 'exact, instant (same moment) or day (same UTC day)')
    .option('--out <dir>', 'where the report goes (default: .syncline/compare/FLOW/<id>/)')
    .option('--show <n>', 'differences shown on the terminal', '10')
    .option('--json', 'print the summary and the first differences as JSON')
    .addHelpText(
      'after',
      '\nExit code 0 when the compare is clean, 1 when records differ. Results are stored for `syncline cutover`.',
    )
    .action(async (name: string, flags: CompareFlags) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out, { forRuns: true });
      selectFlows(project, [name], out);
      const flow = project.flows.get(name);
      if (!flow) throw new CliExit(exitCode.usage, `unknown flow "${name}"`);
      const show = Number(flags.show);
      if (!Number.isInteger(show) || show < 0)
        throw new CliExit(exitCode.usage, '--show takes a whole number');
      const result = await withStore(project, (store) =>
        compareDeclared({
          flow,
          spec: project.spec,
          store,
          context: { baseDir: project.baseDir, env: process.env },
          now: () => new Date(),
          overrides: {
            baseline: flags.baseline,
            key: flags.key ? list(flags.key) : undefined,
            tolerance: overrides(flags),
            out: flags.out && path.resolve(flags.out),
          },
        }),
      );
      const report = path.relative(process.cwd(), result.dir) || '.';
      if (flags.json)
        out.json({
          id: result.record.id,
          ...result.outcome.summary,
          differences: result.outcome.differences.slice(0, show),
          rejects: result.outcome.rejects.slice(0, show),
          report,
        });
      else printCompare(result.record.id, result.outcome, show, report, out);
      if (!result.outcome.summary.clean) throw new CliExit(exitCode.failures);
    });
}

function overrides(flags: CompareFlags): ToleranceOverrides {
  const epsilon = flags.numericEpsilon === undefined ? undefined : Number(flags.numericEpsilon);
  if (epsilon !== undefined && !(Number.isFinite(epsilon) && epsilon >= 0))
    throw new CliExit(exitCode.usage, '--numeric-epsilon takes a number of 0 or more, e.g. 0.005');
  if (flags.dates !== undefined && !['exact', 'instant', 'day'].includes(flags.dates))
    throw new CliExit(exitCode.usage, '--dates takes exact, instant or day');
  return {
    ignore: flags.ignore === undefined ? undefined : list(flags.ignore),
    trim: flags.trim,
    caseInsensitive:
      typeof flags.caseInsensitive === 'string' ? list(flags.caseInsensitive) : flags.caseInsensitive,
    emptyAsNull: flags.emptyAsNull,
    numericEpsilon: epsilon,
    dates: flags.dates as ToleranceOverrides['dates'],
  };
}

function printCompare(id: string, outcome: CompareOutcome, show: number, report: string, out: Output): void {
  const s = outcome.summary;
  out.line(
    `${out.paint('bold', `compare ${s.flow}`)} against ${s.baseline} (${id}), matched by ${s.key.join(', ')}`,
  );
  out.line(
    `  ${s.read} source records read, ${s.output} in the new output, ${s.rejected} rejected by the new flow; ${s.baselineRows} baseline rows`,
  );
  const count = (n: number, label: string, bad: boolean) =>
    `${label} ${n > 0 && bad ? out.paint('red', String(n)) : String(n)}`;
  out.line(
    `  ${count(s.matched, 'matched', false)}  ${count(s.differing, 'differing', true)}  ${count(s.missing, 'missing from the baseline', true)}  ${count(s.extra, 'extra in the baseline', true)}`,
  );
  if (s.duplicates.output + s.duplicates.baseline > 0)
    out.line(
      out.paint(
        'yellow',
        `  duplicate keys: ${s.duplicates.output} in the new output, ${s.duplicates.baseline} in the baseline (the first of each was compared)`,
      ),
    );
  const fields = Object.entries(s.fieldDifferences).sort(([, a], [, b]) => b - a);
  if (fields.length > 0)
    out.line(`  differences per field: ${fields.map(([f, n]) => `${f} ${n}`).join(', ')}`);
  if (outcome.differences.length > 0 && show > 0) {
    out.line();
    out.line(`first differences:`);
    for (const difference of outcome.differences.slice(0, show)) {
      const key = keyLabel(difference.key);
      if (difference.kind === 'differs')
        for (const field of difference.fields)
          out.line(
            `  ${key}  ${field.field}: new ${valueText(field.fresh)}, baseline ${valueText(field.baseline)}`,
          );
      else
        out.line(
          `  ${key}  ${difference.kind === 'missing' ? 'missing from the baseline' : 'extra in the baseline'}`,
        );
    }
  }
  if (outcome.rejects.length > 0 && show > 0) {
    out.line();
    out.line(`rejected by the new flow (dead letters in a run):`);
    for (const reject of outcome.rejects.slice(0, show))
      out.line(`  ${keyLabel(reject.key)}  [${reject.code}] ${reject.message}`);
  }
  out.line();
  out.line(
    s.clean
      ? out.paint('green', 'clean: the new flow matches the old process within tolerance')
      : out.paint('red', `not clean: ${s.differing + s.missing + s.extra} records differ`),
  );
  out.line(out.paint('dim', `report: ${path.join(report, 'report.html')} (differences.csv beside it)`));
}
