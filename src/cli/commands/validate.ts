import type { Command } from 'commander';
import { describeTrigger } from '../../spec/describe-trigger.js';
import { formatSpecProblem } from '../../spec/spec-problem.js';
import { CliExit, exitCode } from '../exit-code.js';
import { checkProject, printProblems } from '../load-project.js';
import { createOutput, formatTable } from '../output.js';

export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      'check the spec: schema, references, secrets, connectors and mappings (every problem at once)',
    )
    .option('--json', 'print the checked systems and flows, or the problems, as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const result = await checkProject(program.opts<{ spec: string }>().spec);
      if (!result.ok) {
        if (options.json)
          out.json({ ok: false, file: result.file, problems: result.problems, notices: result.notices });
        else printProblems(result.problems, out);
        throw new CliExit(exitCode.usage);
      }
      const { project } = result;
      const systems = Object.entries(project.spec.systems).map(([name, system]) => ({
        name,
        kind: system.kind,
        title: system.title ?? null,
        owner: system.owner ?? null,
      }));
      const flows = Object.entries(project.spec.flows ?? {}).map(([name, flow]) => ({
        name,
        enabled: flow.enabled,
        from: flow.from.system,
        to: flow.to.system,
        mode: flow.to.mode ?? 'upsert',
        trigger: describeTrigger(flow.trigger),
        fields: flow.fields?.length ?? null,
      }));
      if (options.json) {
        out.json({
          ok: true,
          file: project.file,
          project: project.spec.project,
          systems,
          flows,
          notices: project.notices,
        });
        return;
      }
      out.line(
        `${out.paint('green', '✓')} ${project.file} is valid: ${systems.length} systems, ${flows.length} flows`,
      );
      for (const notice of project.notices)
        out.line(out.paint('yellow', `note: ${formatSpecProblem(notice)}`));
      if (flows.length > 0) {
        out.line();
        out.line(
          formatTable(
            ['flow', 'from', 'to', 'mode', 'trigger', 'fields'],
            flows.map((f) => [
              f.enabled ? f.name : `${f.name} (disabled)`,
              f.from,
              f.to,
              f.mode,
              f.trigger,
              f.fields === null ? 'by name' : String(f.fields),
            ]),
          ),
        );
      }
    });
}
