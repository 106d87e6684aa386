import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { didYouMean } from '../../core/did-you-mean.js';
import { editableSection, renderRunbookHtml, renderRunbookMd } from '../../plan/render-runbook.js';
import { runbookSections } from '../../plan/runbook-sections.js';
import { CliExit, exitCode } from '../exit-code.js';
import { checkProject, printProblems } from '../load-project.js';
import { createOutput } from '../output.js';

export function runbookCommand(program: Command): void {
  program
    .command('runbook')
    .description("write the operators' runbook per flow (runbooks/FLOW.md); the team notes section is kept")
    .argument('[flow]', 'one flow (default: every flow)')
    .option('--format <format>', 'md or html', 'md')
    .option('--out <dir>', 'folder to write to', 'runbooks')
    .action(async (flow: string | undefined, options: { format: string; out: string }) => {
      const out = createOutput();
      if (options.format !== 'md' && options.format !== 'html')
        throw new CliExit(exitCode.usage, `--format takes md or html, not "${options.format}"`);
      const result = await checkProject(program.opts<{ spec: string }>().spec);
      if (!result.ok) {
        printProblems(result.problems, out);
        throw new CliExit(exitCode.usage);
      }
      const { spec } = result.project;
      const declared = Object.keys(spec.flows ?? {});
      if (flow !== undefined && !declared.includes(flow)) {
        const guess = didYouMean(flow, declared);
        throw new CliExit(
          exitCode.usage,
          `unknown flow "${flow}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        );
      }
      await mkdir(options.out, { recursive: true });
      for (const name of flow === undefined ? declared : [flow]) {
        const file = path.join(options.out, `${name}.${options.format}`);
        const kept = editableSection(await readFile(file, 'utf8').catch(() => undefined));
        const sections = runbookSections(spec, name);
        const page =
          options.format === 'md'
            ? renderRunbookMd(name, sections, kept)
            : renderRunbookHtml(name, sections, kept);
        await writeFile(file, page);
        out.line(`wrote ${file}${kept === undefined ? '' : ' (team notes kept)'}`);
      }
    });
}
