import path from 'node:path';
import { connectors } from '../connectors/registry.js';
import { mappingProblemsOf } from '../engine/compile-flow-mapping.js';
import { type CompiledProject, compileProject } from '../engine/compile-project.js';
import { type LoadResult, loadSpec } from '../spec/load-spec.js';
import type { Spec } from '../spec/schema.js';
import { compareSpecProblems, formatSpecProblem, type SpecProblem } from '../spec/spec-problem.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../store/state-store.js';
import { CliExit, exitCode } from './exit-code.js';
import type { Output } from './output.js';

export interface Project extends CompiledProject {
  readonly spec: Spec;
  readonly file: string;
  readonly baseDir: string;
}

/** Loads and compiles the spec; every problem found, or the compiled project. */
export async function checkProject(
  specPath: string,
): Promise<{ ok: true; project: Project } | { ok: false; problems: readonly SpecProblem[]; file: string }> {
  // Problems name the spec as the user wrote its path, which keeps messages short.
  const file = specPath;
  const loaded: LoadResult = await loadSpec(file);
  if (!loaded.ok) {
    const mapping = loaded.locate ? mappingProblemsOf(loaded.raw, loaded.locate) : [];
    return { ok: false, problems: [...loaded.problems, ...mapping].sort(compareSpecProblems), file };
  }
  const compiled = compileProject({ spec: loaded.spec, locate: loaded.locate, connectors });
  if (compiled.problems.length > 0) return { ok: false, problems: compiled.problems, file };
  return { ok: true, project: { ...compiled, spec: loaded.spec, file, baseDir: loaded.baseDir } };
}

/** Like checkProject, but prints the problems and stops with exit code 2. */
export async function loadProject(specPath: string, out: Output): Promise<Project> {
  const result = await checkProject(specPath);
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
