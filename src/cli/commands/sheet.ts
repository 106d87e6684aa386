import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { didYouMean } from '../../core/did-you-mean.js';
import { compileFlowMapping } from '../../engine/compile-flow-mapping.js';
import { mappingSheetXlsx } from '../../engine/mapping-sheet-xlsx.js';
import { loadLookupTables } from '../../spec/load-lookup-tables.js';
import { loadSpec } from '../../spec/load-spec.js';
import { fieldsToSheet } from '../../spec/mapping-sheet/fields-to-sheet.js';
import { mappingSheetFlows } from '../../spec/mapping-sheet/mapping-sheet-flows.js';
import { placeFieldsInSpec } from '../../spec/mapping-sheet/place-fields-in-spec.js';
import { readSheetFields } from '../../spec/mapping-sheet/read-sheet-fields.js';
import { readSheetFile } from '../../spec/mapping-sheet/read-sheet-file.js';
import { type SheetFormat, sheetFormatOf } from '../../spec/mapping-sheet/sheet-format.js';
import { writeCsvSheet } from '../../spec/mapping-sheet/write-csv-sheet.js';
import type { OnInvalid, Spec } from '../../spec/schema.js';
import { compareSpecProblems, formatSpecProblem, type SpecProblem } from '../../spec/spec-problem.js';
import { CliExit, exitCode } from '../exit-code.js';
import { createOutput, type Output } from '../output.js';

export function sheetCommand(program: Command): void {
  const sheet = program
    .command('sheet')
    .description(
      "the mapping sheet: export a flow's field mappings to CSV or XLSX, import a sheet into the spec",
    );
  const specOf = () => program.opts<{ spec: string }>().spec;

  sheet
    .command('export')
    .description("write a flow's field mappings (from fields: or its mapping sheet) as a mapping sheet")
    .argument('<flow>', 'the flow')
    .option('--format <format>', 'xlsx or csv (default: from --out, else xlsx)')
    .option('--out <file>', 'where to write it, "-" for standard output (CSV); default <flow>.<format>')
    .action(async (flow: string, options: { format?: string; out?: string }) => {
      const out = createOutput();
      const format = formatOf(options, out);
      const loaded = await loadSpec(specOf());
      if (!loaded.ok) stop(out, loaded.problems, 'nothing was written');
      const spec = loaded.spec.flows?.[flow];
      if (!spec) unknownFlow(out, flow, Object.keys(loaded.spec.flows ?? {}));
      const rows = fieldsToSheet({ name: flow, ...spec }, loaded.locate);
      if (!rows.ok) stop(out, rows.problems, 'nothing was written');

      const target = options.out ?? `${flow}.${format}`;
      if (format === 'csv') {
        const text = writeCsvSheet(rows.sheet);
        if (target === '-') process.stdout.write(text);
        else writeFileSync(target, text);
      } else {
        if (target === '-')
          usage(out, 'an XLSX workbook cannot go to standard output; name a file with --out');
        const workbook = await mappingSheetXlsx(flow, spec, loaded.locate);
        if (!workbook.ok) stop(out, workbook.problems, 'nothing was written');
        writeFileSync(target, workbook.data);
      }
      if (target === '-') return;
      const count = rows.sheet.rows.length;
      out.line(
        count === 0
          ? `flow ${flow} has no field mappings yet (fields are copied by name): wrote an empty ${format.toUpperCase()} sheet to ${target}`
          : `wrote the ${count} field mapping${count === 1 ? '' : 's'} of flow ${flow} to ${target} (${format.toUpperCase()})`,
      );
      const relative = path.relative(loaded.baseDir, path.resolve(target)).split(path.sep).join('/');
      out.line(`to run the flow from it, write "mapping: ${relative}" in place of its fields:`);
      out.line(`to bring edits back into the spec: syncline sheet import ${target} --flow ${flow}`);
    });

  sheet
    .command('import')
    .description("write a mapping sheet's rows into the spec as the fields: of a flow (replacing mapping:)")
    .argument('<file>', 'the sheet, .csv or .xlsx')
    .option('--flow <flow>', 'the flow (default: the one whose mapping: names the file, or named like it)')
    .action(async (file: string, options: { flow?: string }) => {
      const out = createOutput();
      const specFile = specOf();
      let source: string;
      try {
        source = readFileSync(specFile, 'utf8');
      } catch {
        usage(out, `cannot read the spec ${specFile}; name it with --spec`);
      }
      const doc = parseDocument(source, { prettyErrors: false });
      if (doc.errors.length > 0) usage(out, `${specFile} is not valid YAML; run syncline validate`);
      const raw = doc.toJS() as { flows?: Record<string, { onInvalid?: OnInvalid }> };
      const flows = Object.keys(raw.flows ?? {});
      const readFor = async (flow: string | undefined) => {
        const read = await readSheetFile(file, flow);
        if (!read.ok)
          usage(out, `${file} cannot be read: ${read.reason}${read.hint ? ` (${read.hint})` : ''}`);
        return read.grid;
      };
      let grid = await readFor(options.flow);
      const flow = options.flow ?? guessFlow(raw, specFile, file, grid.sheetName);
      if (flow === undefined) {
        usage(
          out,
          `which flow is ${file} for? name it with --flow (flows in ${specFile}: ${flows.join(', ')})`,
        );
      }
      if (!flows.includes(flow)) unknownFlow(out, flow, flows);
      // A workbook may hold a worksheet per flow; now that the flow is known, read its own.
      if (options.flow === undefined && sheetFormatOf(file) === 'xlsx') grid = await readFor(flow);

      const sheet = readSheetFields(source, specFile, flow, grid, file);
      if (!sheet.ok) stop(out, sheet.problems, `${specFile} was not changed`);
      // File-based lookup tables are read as loadSpec reads them; their own problems are not the sheet's.
      const lookups = loadLookupTables(raw as Pick<Spec, 'lookups'>, path.dirname(path.resolve(specFile)));
      const onInvalid = raw.flows?.[flow]?.onInvalid ?? 'dead-letter';
      const compiled = compileFlowMapping(
        flow,
        sheet.fields,
        { lookups: lookups.tables, onInvalid },
        sheet.locate,
      );
      if (compiled.problems.length > 0) stop(out, compiled.problems, `${specFile} was not changed`);

      const placed = placeFieldsInSpec(source, flow, sheet.fields);
      if (!placed.ok) usage(out, `${specFile} was not changed: ${placed.reason}`);
      writeFileSync(specFile, placed.text);
      const count = sheet.fields.length;
      const what =
        placed.replaced === 'mapping' ? 'mapping:' : placed.replaced === 'fields' ? 'the old fields:' : '';
      out.line(
        `imported ${count} field mapping${count === 1 ? '' : 's'} from ${file} into flow ${flow} of ${specFile}${what ? `, replacing ${what}` : ''}`,
      );
    });
}

function formatOf(options: { format?: string; out?: string }, out: Output): SheetFormat {
  const format = options.format?.toLowerCase();
  if (format === 'csv' || format === 'xlsx') return format;
  if (format !== undefined) usage(out, `--format is xlsx or csv, not "${options.format}"`);
  return (
    (options.out && options.out !== '-' ? sheetFormatOf(options.out) : undefined) ??
    (options.out === '-' ? 'csv' : 'xlsx')
  );
}

/** The flow whose mapping: names the file, or the one named like its worksheet or file. */
function guessFlow(raw: unknown, specFile: string, file: string, sheetName?: string): string | undefined {
  const flows = Object.keys((raw as { flows?: Record<string, unknown> }).flows ?? {});
  const byMapping = mappingSheetFlows(raw, specFile).filter((s) => s.path === path.resolve(file));
  if (byMapping.length === 1) return byMapping[0]?.flow;
  const named = (name: string | undefined) => flows.find((f) => f.toLowerCase() === name?.toLowerCase());
  return named(sheetName) ?? named(path.basename(file, path.extname(file)));
}

function stop(out: Output, problems: readonly SpecProblem[], outcome: string): never {
  for (const problem of [...problems].sort(compareSpecProblems)) out.error(formatSpecProblem(problem));
  out.error(out.paint('red', `${problems.length} problem${problems.length === 1 ? '' : 's'}; ${outcome}.`));
  throw new CliExit(exitCode.usage);
}

function unknownFlow(out: Output, flow: string, flows: readonly string[]): never {
  const guess = didYouMean(flow, flows);
  usage(
    out,
    `there is no flow "${flow}"${guess ? ` (did you mean "${guess}"?)` : flows.length > 0 ? ` (flows: ${flows.join(', ')})` : ''}`,
  );
}

function usage(out: Output, message: string): never {
  out.error(message);
  throw new CliExit(exitCode.usage);
}
