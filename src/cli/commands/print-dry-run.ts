import type { DryRunReport } from '../../engine/dry-run-flow.js';
import { formatTable, type Output } from '../output.js';

export function printDryRun(report: DryRunReport, out: Output): void {
  out.line();
  out.line(out.paint('bold', `${report.flow} (dry run: nothing was written, the checkpoint did not move)`));
  out.line(
    formatTable(
      ['read', 'inserts', 'updates', 'unchanged', 'rejected'],
      [[report.read, report.inserts, report.updates, report.unchanged, report.rejected].map(String)],
    ),
  );
  if (!report.compared) {
    out.line(
      out.paint(
        'yellow',
        'this target cannot look records up by key, so every valid record counts as an insert',
      ),
    );
  }
  if (report.sampleUpdates.length > 0) {
    out.line();
    out.line('updates (a sample):');
    const rows = report.sampleUpdates.flatMap((update) =>
      update.changes.map((change) => [
        show(update.key),
        change.field,
        show(change.before),
        show(change.after),
      ]),
    );
    out.line(formatTable(['key', 'field', 'before', 'after'], rows));
  }
  if (report.sampleInserts.length > 0) {
    out.line();
    out.line('inserts (a sample):');
    for (const row of report.sampleInserts) out.line(`  ${clip(JSON.stringify(row, bigintAsText), 160)}`);
  }
  if (report.sampleRejected.length > 0) {
    out.line();
    out.line('would be rejected (a sample):');
    out.line(
      formatTable(
        ['key', 'stage', 'code', 'message'],
        report.sampleRejected.map((r) => [show(r.key), r.stage, r.code, clip(r.message, 80)]),
      ),
    );
  }
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (value === null || value === undefined) return 'null';
  return clip(typeof value === 'string' ? JSON.stringify(value) : String(value), 40);
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
