import { appendFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatFinding } from '../plan/check-plan.js';
import { CliExit, exitCode } from './exit-code.js';
import type { Project } from './load-project.js';
import type { Output } from './output.js';
import { planProject } from './plan-project.js';

/**
 * `syncline run --env production` starts only when `syncline plan` finds no errors. `--force`
 * starts anyway and leaves a line in .syncline/audit.jsonl (who, when, which findings).
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
  const entry = {
    at: new Date().toISOString(),
    action: 'run-forced',
    env: options.env,
    user: os.userInfo().username,
    host: os.hostname(),
    flows: options.flows,
    findings: errors.map((f) => ({ code: f.code, path: f.path, message: f.message })),
  };
  const dir = path.join(project.baseDir, '.syncline');
  await mkdir(dir, { recursive: true });
  await appendFile(path.join(dir, 'audit.jsonl'), `${JSON.stringify(entry)}\n`);
  out.error(
    out.paint(
      'yellow',
      `--force: starting in production despite ${errors.length} plan errors (recorded in .syncline/audit.jsonl)`,
    ),
  );
}
