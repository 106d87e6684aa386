import path from 'node:path';
import { connectors } from '../connectors/registry.js';
import { type CheckResult, checkProject as checkSpec, type Project } from '../engine/check-project.js';
import { formatSpecProblem, type SpecProblem } from '../spec/spec-problem.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../store/state-store.js';
import { CliExit, exitCode } from './exit-code.js';
import type { Output } from './output.js';

export type { Project } from '../engine/check-project.js';

/** Loads and checks the spec with every connector syncline knows (planning: no secrets needed). */
export function checkProject(specPath: string): Promise<CheckResult> {
  return checkSpec(specPath, connectors);
}

/**
 * Like checkProject, for commands that open systems: secrets in mappings (hash salts) are
 * resolved from this process's environment, and with `forRuns` the lookup tables held in other
 * systems are read. Prints the problems and stops with exit code 2.
 */
export async function loadProject(
  specPath: string,
  out: Output,
  options: { readonly forRuns?: boolean } = {},
): Promise<Project> {
  const result = await checkSpec(specPath, connectors, {
    env: process.env,
    loadSystemLookups: options.forRuns ?? false,
  });
  if (result.ok) return result.project;
  printProblems(result.problems, out);
  throw new CliExit(exitCode.usage);
}

export function printProblems(problems: readonly SpecProblem[], out: Output): void {
  for (const problem of problems) out.error(formatSpecProblem(problem));
  out.error(
    out.paint(
      'red',
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the spec; nothing was run.`,
    ),
  );
}

/** The embedded state store: .syncline/state.db beside the spec. */
export function openStore(project: Project): Promise<StateStore> {
  return openSqliteStore(path.join(project.baseDir, '.syncline', 'state.db'));
}

/** Runs fn with the project's store open, closing it afterwards. */
export async function withStore<T>(project: Project, fn: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openStore(project);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
