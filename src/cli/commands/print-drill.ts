import type { DrillReport } from '../../drill/drill-flow.js';
import type { DrillPass } from '../../drill/drill-pass.js';
import { formatTable, type Output } from '../output.js';

/** The drill report as text: what was injected, what the runs did, the check, the verdict. */
export function printDrill(report: DrillReport, out: Output): void {
  out.line(out.paint('bold', `drill ${report.scenario} on flow ${report.flow}`));
  out.line(`injected:      ${report.injected}`);
  out.line(`scratch target: ${report.pass.scratch} (removed after the drill)`);
  if (report.baseline) {
    out.line(
      `peak RSS:      ${mib(report.baseline.peakRssBytes)} at 1x, ${mib(report.pass.peakRssBytes)} with the spike`,
    );
  }
  printPass(report.pass, out);
  if (report.policy) {
    const allows = `the retry policy (${report.policy.attempts} tries) waits at most ${seconds(report.policy.allowsMs)}`;
    out.line(
      report.policy.gaveUp
        ? out.paint('yellow', `the policy gave up: ${allows}; the next run continued from the checkpoint`)
        : `the run recovered within the policy: ${allows}`,
    );
  }
  out.line();
  for (const expectation of report.expectations) {
    out.line(`${expectation.ok ? out.paint('green', 'ok  ') : out.paint('red', 'FAIL')} ${expectation.name}`);
  }
  out.line(report.ok ? out.paint('green', 'drill passed') : out.paint('red', 'drill failed'));
}

function printPass(pass: DrillPass, out: Output): void {
  out.line(`retries:       ${pass.retries}`);
  out.line(
    `circuit:       ${pass.circuit.length === 0 ? 'no changes' : pass.circuit.map((change) => change.state).join(' -> ')}`,
  );
  const reasons = Object.entries(pass.deadLetters);
  out.line(
    `dead letters:  ${reasons.length === 0 ? 'none' : reasons.map(([code, count]) => `${code} ${count}`).join(', ')}`,
  );
  out.line(`rows written:  ${pass.rowsWritten}`);
  out.line(`peak RSS:      ${mib(pass.peakRssBytes)}`);
  if (pass.killed !== undefined)
    out.line(`killed:        ${pass.killed ? 'yes, mid-run' : 'no (the run ended first)'}`);
  out.line();
  out.line(
    formatTable(
      ['run', 'status', 'read', 'written', 'dead letters', 'error'],
      pass.runs.map((run) => [
        run.id,
        run.status,
        String(run.read),
        String(run.written),
        String(run.deadLettered),
        run.error?.message ?? '',
      ]),
    ),
  );
  const { records, inTarget, deadLettered, lost, duplicated } = pass.check;
  out.line();
  out.line(
    `check: ${records} source records: ${inTarget} in the target, ${deadLettered} dead letters, lost ${lost}, duplicated ${duplicated}`,
  );
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
