import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { landscapeOf } from '../../plan/landscape.js';
import { renderMermaid } from '../../plan/render-mermaid.js';
import { renderSvg } from '../../plan/render-svg.js';
import { CliExit, exitCode } from '../exit-code.js';
import { checkProject, printProblems } from '../load-project.js';
import { createOutput } from '../output.js';

export function planDiagramCommand(plan: Command, program: Command): void {
  plan
    .command('diagram')
    .description('write the systems-and-flows landscape as SVG and Mermaid (landscape.svg, landscape.mmd)')
    .option('--out <dir>', 'folder to write to', 'plan')
    .action(async (options: { out: string }) => {
      const out = createOutput();
      const result = await checkProject(program.opts<{ spec: string }>().spec);
      if (!result.ok) {
        printProblems(result.problems, out);
        throw new CliExit(exitCode.usage);
      }
      const { spec } = result.project;
      const landscape = landscapeOf(spec);
      await mkdir(options.out, { recursive: true });
      const svg = path.join(options.out, 'landscape.svg');
      const mermaid = path.join(options.out, 'landscape.mmd');
      await writeFile(svg, renderSvg(landscape, `${spec.project.name}: systems and flows`));
      await writeFile(mermaid, renderMermaid(landscape));
      out.line(`wrote ${svg} and ${mermaid}`);
    });
}
