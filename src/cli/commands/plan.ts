import type { Command } from 'commander';
import { formatFinding, type PlanResult } from '../../plan/check-plan.js';
import { CliExit, exitCode } from '../exit-code.js';
import { checkProject, printProblems } from '../load-project.js';
import { createOutput, formatTable, type Output } from '../output.js';
import { planProject } from '../plan-project.js';
import { planDiagramCommand } from './plan-diagram.js';
import { planReportCommand } from './plan-report.js';

export function planCommand(program: Command): void {
  const plan = program
    .command('plan')
    .description(
      'readiness checks over the spec: findings with codes (docs/plan-checks.md) and readiness per step',
    )
    .option('--json', 'print findings and readiness as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const result = await checkProject(program.opts<{ spec: string }>().spec);
      if (!result.ok) {
        printProblems(result.problems, out);
        throw new CliExit(exitCode.usage);
      }
      const { evidence: _evidence, ...plan } = await planProject(result.project);
      if (options.json) out.json({ file: result.project.file, ...plan });
      else printPlan(plan, out);
      if (plan.errors > 0) throw new CliExit(exitCode.failures);
    });
  planDiagramCommand(plan, program);
  planReportCommand(plan, program);
}

export function printPlan(plan: PlanResult, out: Output): void {
  out.line(out.paint('bold', 'Readiness'));
  out.line(
    formatTable(
      ['step', 'ready', 'missing'],
      plan.readiness.map((r) => [
        `${r.step} ${r.name}`,
        out.paint(r.percent === 100 ? 'green' : r.percent >= 50 ? 'yellow' : 'red', `${r.percent}%`),
        String(r.missing.length),
      ]),
    ),
  );
  if (plan.findings.length > 0) out.line();
  for (const finding of plan.findings) {
    const line = formatFinding(finding);
    out.line(finding.severity === 'error' ? out.paint('red', line) : line);
  }
  out.line();
  const summary = `${plan.errors} error${plan.errors === 1 ? '' : 's'}, ${plan.warnings} warning${plan.warnings === 1 ? '' : 's'}`;
  out.line(plan.errors > 0 ? out.paint('red', summary) : out.paint('green', summary));
}
