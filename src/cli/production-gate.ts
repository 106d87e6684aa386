import os from 'node:os';
import { CliExit, exitCode } from './exit-code.js';
import { type Project, withStore } from './load-project.js';
import type { Output } from './output.js';
import { recordCliAction } from './record-cli-action.js';

/**
 * `syncline run --env production` starts only when `syncline plan` finds no errors. `--force`
 * starts anyway and leaves an entry in the state store's audit log (who, when, which findings;
 * `syncline audit`).
 */
export async function checkProductionGate(
  project: Project,
  options: {
    readonly env?: string | undefined;
    readonly force?: boolean | undefined;
    readonly flows: readonly string[];
  },
  out: Output,
): Promise<void> {
  if (options.env !== 'production') return;
  // The plan's rules load only for a production start.
  const [{ planProject }, { formatFinding }] = await Promise.all([
    import('./plan-project.js'),
    import('../plan/check-plan.js'),
  ]);
  const plan = await planProject(project);
  const errors = plan.findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  if (!options.force) {
    for (const finding of errors) out.error(formatFinding(finding));
    throw new CliExit(
      exitCode.usage,
      `${errors.length} plan error${errors.length === 1 ? '' : 's'}: not starting in production (fix them, see syncline plan, or run with --force)`,
    );
  }
  await withStore(project, (store) =>
    recordCliAction(store, {
      action: 'run-forced',
      target: options.flows.join(' '),
      detail: {
        env: options.env ?? null,
        host: os.hostname(),
        findings: errors.map((f) => ({ code: f.code, path: f.path, message: f.message })),
      },
    }),
  );
  out.error(
    out.paint(
      'yellow',
      `--force: starting in production despite ${errors.length} plan errors (recorded in the audit log: syncline audit)`,
    ),
  );
}
