import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyConnectorDefinition } from '../core/connector.js';
import { isRecord } from '../core/is-record.js';
import { loadLookupTables } from '../spec/load-lookup-tables.js';
import type { Locator } from '../spec/load-spec.js';
import { loadSpec } from '../spec/load-spec.js';
import { resolveSecrets } from '../spec/resolve-secrets.js';
import type { Spec } from '../spec/schema.js';
import { lookupSchema } from '../spec/schema.js';
import { compareSpecProblems, type SpecProblem } from '../spec/spec-problem.js';
import { type CompiledProject, compileProject } from './compile-project.js';
import { loadSystemLookups, planSystemLookups } from './load-system-lookups.js';

export interface Project extends CompiledProject {
  readonly spec: Spec;
  /** The spec file as the user named it. */
  readonly file: string;
  readonly baseDir: string;
  /** Finds where a spec path is written, for findings reported after the checks (syncline plan). */
  readonly locate: Locator;
}

export type CheckResult =
  | { readonly ok: true; readonly project: Project }
  | {
      readonly ok: false;
      readonly file: string;
      readonly problems: readonly SpecProblem[];
      readonly notices: readonly SpecProblem[];
    };

/**
 * Loads a spec and runs both passes over it — the spec's own checks, then connectors and
 * mappings — so every problem is reported at once, in file order.
 */
export async function checkProject(
  file: string,
  connectors: readonly AnyConnectorDefinition[],
  options: {
    readonly env?: Readonly<Record<string, string | undefined>>;
    /** Read lookup tables held in other systems (commands that run flows; needs env). */
    readonly loadSystemLookups?: boolean;
  } = {},
): Promise<CheckResult> {
  const loaded = await loadSpec(file);
  if (!loaded.ok) {
    const locate = loaded.locate;
    // Without a locator the file could not even be read as YAML: nothing more can be checked.
    if (!locate) return { ok: false, file, problems: loaded.problems, notices: [] };
    const lookups = lookupsOf(loaded.raw, path.dirname(path.resolve(file)), locate);
    const compiled = compileProject({ spec: loaded.raw, locate, connectors, lookups: lookups.tables });
    const problems = [...loaded.problems, ...lookups.problems, ...compiled.problems].sort(
      compareSpecProblems,
    );
    return { ok: false, file, problems, notices: compiled.notices };
  }
  const lookups = lookupsOf(loaded.spec, loaded.baseDir, loaded.locate);
  const systemLookups = planSystemLookups(loaded.spec, connectors, loaded.locate);
  // Tables in other systems are read only by commands that run flows (they have the secrets);
  // otherwise the mapping compiles against the empty stand-ins loadLookupTables leaves.
  const fromSystems =
    options.env && options.loadSystemLookups && systemLookups.problems.length === 0
      ? await loadSystemLookups(systemLookups.planned, { baseDir: loaded.baseDir, env: options.env })
      : {};
  const compiled = compileProject({
    spec: loaded.spec,
    locate: loaded.locate,
    connectors,
    lookups: { ...lookups.tables, ...fromSystems },
    resolveSecret: options.env ? secretResolver(options.env, loaded.baseDir) : undefined,
  });
  const problems = [...lookups.problems, ...systemLookups.problems, ...compiled.problems].sort(
    compareSpecProblems,
  );
  if (problems.length > 0) return { ok: false, file, problems, notices: compiled.notices };
  return {
    ok: true,
    project: { ...compiled, spec: loaded.spec, file, baseDir: loaded.baseDir, locate: loaded.locate },
  };
}

/** Reads the file-backed lookup tables of every well-formed `lookups:` entry. */
function lookupsOf(spec: unknown, baseDir: string, locate: Locator) {
  const entries = isRecord(spec) && isRecord(spec.lookups) ? spec.lookups : {};
  const lookups = Object.fromEntries(
    Object.entries(entries).flatMap(([name, entry]) => {
      const parsed = lookupSchema.safeParse(entry);
      return parsed.success ? [[name, parsed.data] as const] : [];
    }),
  );
  return loadLookupTables({ lookups }, baseDir, locate);
}

/** Resolves a `${env:X}` / `${file:path}` reference for the mapping (hash salts); undefined when it cannot. */
function secretResolver(env: Readonly<Record<string, string | undefined>>, baseDir: string) {
  return (reference: string): string | undefined => {
    try {
      return resolveSecrets(reference, {
        env,
        readFile: (file) => readFileSync(file, 'utf8'),
        baseDir,
        where: 'a mapping secret',
      });
    } catch {
      return undefined;
    }
  };
}
