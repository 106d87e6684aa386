import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { landscapeOf } from '../../plan/landscape.js';
import { renderMermaid } from '../../plan/render-mermaid.js';
import { renderReportHtml } from '../../plan/render-report-html.js';
import { renderReportMd } from '../../plan/render-report-md.js';
import { renderSvg } from '../../plan/render-svg.js';
import { reportModel } from '../../plan/report-model.js';
import { CliExit, exitCode } from '../exit-code.js';
import { checkProject, printProblems } from '../load-project.js';
import { createOutput } from '../output.js';
import { planProject } from '../plan-project.js';

export function planReportCommand(plan: Command, program: Command): void {
  plan
    .command('report')
    .description(
      'one self-contained page for decision makers: readiness, landscape, inventory, ownership, risks',
    )
    .option('--format <format>', 'html or md', 'html')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { format: string; out?: string }) => {
      const out = createOutput();
      if (options.format !== 'html' && options.format !== 'md')
        throw new CliExit(exitCode.usage, `--format takes html or md, not "${options.format}"`);
      const result = await checkProject(program.opts<{ spec: string }>().spec);
      if (!result.ok) {
        printProblems(result.problems, out);
        throw new CliExit(exitCode.usage);
      }
      const { spec } = result.project;
      const { evidence, ...checked } = await planProject(result.project);
      const model = reportModel(spec, checked, evidence.profiles.values(), new Date());
      const landscape = landscapeOf(spec);
      const page =
        options.format === 'html'
          ? renderReportHtml(model, renderSvg(landscape, 'Systems and flows'))
          : renderReportMd(model, renderMermaid(landscape));
      if (options.out) {
        await writeFile(options.out, page);
        out.error(`wrote ${options.out}`);
      } else process.stdout.write(page);
    });
}
