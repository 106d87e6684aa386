import type { Command } from 'commander';
import { connectFlow } from '../../engine/connect-flow.js';
import { type FlowTestReport, testFlow } from '../../testing/test-flow.js';
import { saveTestResult } from '../../testing/test-results.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject } from '../load-project.js';
import { createOutput, type Output } from '../output.js';
import { selectFlows } from './run.js';

export function testCommand(program: Command): void {
  program
    .command('test')
    .description(
      "run flows' mappings on their fixtures (tests/FLOW/*.jsonl) and on generated edge cases, against the target's limits; writes nothing",
    )
    .argument('[flows...]', 'flow names (default: every enabled flow)')
    .option('--json', 'print the reports as JSON')
    .action(async (names: string[], options: { json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out, { forRuns: true });
      const reports: FlowTestReport[] = [];
      for (const name of selectFlows(project, names, out)) {
        const flow = project.flows.get(name);
        if (!flow) continue;
        const endpoints = connectFlow(flow, { baseDir: project.baseDir, env: process.env });
        const report = await testFlow(flow, { baseDir: project.baseDir, endpoints });
        await saveTestResult(project.baseDir, report, new Date());
        reports.push(report);
      }
      if (options.json) out.json({ flows: reports });
      else for (const report of reports) printReport(report, out);
      if (reports.some((report) => !report.passed)) throw new CliExit(exitCode.failures);
    });
}

function printReport(report: FlowTestReport, out: Output): void {
  const { fixtures, generated } = report;
  out.line(out.paint('bold', `flow ${report.flow}`));
  out.line(
    `  target limits: ${report.target.from === 'none' ? `unknown${report.target.note ? ` — ${report.target.note}` : ''}` : `${report.target.label} (${report.target.from === 'live' ? 'live schema' : 'discovery snapshot'})`}`,
  );
  const passed = fixtures.total - fixtures.failures.length;
  out.line(
    fixtures.total === 0
      ? out.paint('yellow', `  fixtures: none in ${fixtures.folder}/ — add *.jsonl cases (docs/testing.md)`)
      : `  fixtures: ${passed} of ${fixtures.total} passed (${fixtures.folder}/)`,
  );
  for (const failure of [...fixtures.problems, ...fixtures.failures])
    out.line(
      out.paint(
        'red',
        `    ✗ ${failure.where}${'name' in failure && failure.name ? ` (${failure.name})` : ''}: ${failure.message}`,
      ),
    );
  out.line(
    `  generated: ${generated.cases} cases over ${generated.fields.length} source fields from ${report.baseFrom === 'none' ? 'an empty record' : report.baseFrom === 'fixtures' ? "the fixtures' first record" : "the source's first record"}; ${generated.rejectedAsSpecified} refused as the mapping specifies, ${generated.fitted} fitted to the target`,
  );
  if (generated.findings.length === 0) {
    out.line(out.paint('green', '  no problems found'));
  } else {
    out.line(
      out.paint(
        'red',
        `  ${generated.findings.length} problem${generated.findings.length === 1 ? '' : 's'} found:`,
      ),
    );
    for (const finding of generated.findings) {
      const field = finding.targetField ? ` ${finding.targetField}` : '';
      out.line(
        out.paint(
          'red',
          `    ✗ ${finding.kind}${field} (${finding.code}, ${finding.count} case${finding.count === 1 ? '' : 's'})`,
        ),
      );
      out.line(`      input:   ${finding.input}`);
      out.line(`      breaks:  ${finding.message}`);
      out.line(`      outcome: ${finding.outcome}`);
      if (finding.fix) out.line(`      fix:     ${finding.fix}`);
    }
  }
  out.line('');
}
