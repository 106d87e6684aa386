import type { Command } from 'commander';
import { connectors } from '../../connectors/registry.js';
import { formatFinding } from '../../plan/check-plan.js';
import { checkSnapshots } from '../../plan/check-snapshots.js';
import { readSnapshots } from '../../plan/plan-evidence.js';
import { describeTrigger } from '../../spec/describe-trigger.js';
import { formatSpecProblem } from '../../spec/spec-problem.js';
import { CliExit, exitCode } from '../exit-code.js';
import { checkProject, printProblems } from '../load-project.js';
import { createOutput, formatTable } from '../output.js';

export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      'check the spec: schema, references, secrets, connectors and mappings, and the mapped fields against discovery snapshots (every problem at once)',
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
      const snapshots = await readSnapshots(project.baseDir, Object.keys(project.spec.systems));
      const fieldCheck = checkSnapshots(project.spec, snapshots, project.locate, connectors);
      const failed = fieldCheck.errors > 0 ? () => new CliExit(exitCode.usage) : undefined;
      if (options.json) {
        out.json({
          ok: failed === undefined,
          file: project.file,
          project: project.spec.project,
          systems,
          flows,
          notices: project.notices,
          findings: fieldCheck.findings,
          undiscovered: fieldCheck.undiscovered,
        });
        if (failed) throw failed();
        return;
      }
      for (const finding of fieldCheck.findings) {
        const line = formatFinding(finding);
        if (finding.severity === 'error') out.error(out.paint('red', line));
        else out.line(out.paint('yellow', line));
      }
      if (failed) {
        out.error(
          out.paint(
            'red',
            `${fieldCheck.errors} mapped field${fieldCheck.errors === 1 ? ' does' : 's do'} not match the discovered tables; nothing was run.`,
          ),
        );
        throw failed();
      }
      out.line(
        `${out.paint('green', '✓')} ${project.file} is valid: ${systems.length} systems, ${flows.length} flows`,
      );
      if (fieldCheck.undiscovered.length > 0)
        out.line(
          out.paint(
            'dim',
            `note: ${fieldCheck.undiscovered.join(', ')} never discovered; run syncline discover ${fieldCheck.undiscovered[0]} to check the mapped fields against its columns`,
          ),
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
