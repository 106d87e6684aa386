import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { checkMappingFiles } from './check-mapping-files.js';
import { checkReferences } from './check-references.js';
import { checkSecretReferences } from './check-secret-references.js';
import { createLocator, type Locator, withMappingSheets } from './create-locator.js';
import { findLiteralSecrets } from './find-literal-secrets.js';
import { findYamlProblems } from './find-yaml-problems.js';
import { applyMappingSheets } from './mapping-sheet/apply-mapping-sheets.js';
import { readMappingSheets } from './mapping-sheet/read-mapping-sheets.js';
import type { ReadSheetResult } from './mapping-sheet/read-sheet-file.js';
import type { Spec } from './schema.js';
import { compareSpecProblems, problemAt, type SpecProblem } from './spec-problem.js';
import { validateSpec } from './validate-spec.js';

export type { Locator } from './create-locator.js';

export type LoadResult =
  | {
      readonly ok: true;
      readonly spec: Spec;
      /** The spec file as given. */
      readonly file: string;
      /** Absolute directory of the spec; relative paths in the spec start here. */
      readonly baseDir: string;
      /**
       * Points from a spec path to its line and column, for problems found later (mappings,
       * connectors); the fields of a flow run from a mapping sheet point at the sheet's cells.
       */
      readonly locate: Locator;
    }
  | {
      readonly ok: false;
      /** Every problem found, in file order. */
      readonly problems: SpecProblem[];
      readonly file: string;
      /** Missing when the file could not be read. */
      readonly locate?: Locator;
      /**
       * The parsed document, when it is YAML at all, with the rows of mapping sheets as their
       * flows' fields: later passes may still check parts of it.
       */
      readonly raw?: unknown;
    };

export interface LoadOptions {
  /**
   * The environment the flows will run in. When given, every `${env:NAME}` must be set in it
   * and every `${file:path}` must exist; leave it out where secrets are not available (planning
   * on a laptop, CI) and only the spec itself is checked.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ParseOptions extends LoadOptions {
  /**
   * The mapping sheets of flows with `mapping:`, by flow name, as readMappingSheets reads them
   * (loadSpec does). A flow whose sheet exists but is not given here is a problem.
   */
  readonly sheets?: ReadonlyMap<string, ReadSheetResult>;
}

/**
 * Reads, parses and checks a spec file and the mapping sheets it names, reporting every problem
 * at once: YAML syntax, schema, references between sections, literal secrets, sheet cells and,
 * with `env`, unresolvable secrets. The rows of a flow's mapping sheet become its `fields`.
 * Secret references stay in the returned spec; they are resolved when a connector is opened.
 */
export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file, problems: [unreadableProblem(file, error)] };
  }
  // Reading sheets is I/O (and asynchronous for XLSX), so it happens here, before the checks,
  // which stay synchronous; the YAML is parsed once more there, with positions.
  const sheets = await readMappingSheets(parseQuietly(source), file);
  return parseSpec(source, file, { ...options, sheets });
}

/** Checks spec text as if it were read from `file` (which gives baseDir and the name in messages). */
export function parseSpec(source: string, file: string, options: ParseOptions = {}): LoadResult {
  const baseDir = path.dirname(path.resolve(file));
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const specLocate = createLocator(file, doc, lineCounter);
  let locate = specLocate;
  const yaml = findYamlProblems(doc, lineCounter, source, file);
  const fail = (problems: SpecProblem[], raw?: unknown) => ({
    ok: false as const,
    file,
    locate,
    raw,
    problems: problems.sort(compareSpecProblems),
  });
  if (yaml.isFatal) return fail(yaml.problems);

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // Only alias expansion fails here (an anchor reused so often that the document explodes).
    const reason = error instanceof Error ? error.message : String(error);
    return fail([problemAt(locate, [], 'yaml-syntax', `the file cannot be read as YAML: ${reason}`)]);
  }
  if (raw === null || raw === undefined) {
    const hint = 'run "syncline init" to start from an example, or see docs/spec.md';
    return fail([problemAt(locate, [], 'spec-empty', 'the spec file is empty', { hint })]);
  }

  const sheets = applyMappingSheets(raw, file, options.sheets ?? new Map(), specLocate, existsSync);
  locate = withMappingSheets(specLocate, sheets.places);
  const validated = validateSpec(sheets.raw, locate);
  const problems = [
    ...yaml.problems,
    ...(validated.ok ? [] : validated.problems),
    // The spec as written: the rows of a sheet are not a `fields:` written beside `mapping:`.
    ...checkReferences(raw, locate),
    ...checkMappingFiles(raw, baseDir, existsSync, locate),
    ...sheets.problems,
    ...findLiteralSecrets(raw, locate),
    ...(options.env
      ? checkSecretReferences(raw, { env: options.env, baseDir, fileExists: existsSync }, locate)
      : []),
  ];
  if (!validated.ok || problems.length > 0) return fail(problems, sheets.raw);
  return { ok: true, spec: validated.spec, file, baseDir, locate };
}

/** The spec's plain value, or undefined when it is not readable YAML (parseSpec says why). */
function parseQuietly(source: string): unknown {
  try {
    const doc = parseDocument(source, { prettyErrors: false });
    return doc.errors.length > 0 ? undefined : doc.toJS();
  } catch {
    return undefined;
  }
}

function unreadableProblem(file: string, error: unknown): SpecProblem {
  const code = (error as { code?: unknown } | null)?.code;
  const at = { file, line: 1, col: 1, path: '' };
  if (code === 'ENOENT') {
    return {
      ...at,
      code: 'spec-not-found',
      message: 'the spec file does not exist',
      hint: 'check the path, or run "syncline init" to create one',
    };
  }
  const reason =
    code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
  return {
    ...at,
    code: 'spec-unreadable',
    message: `the spec file cannot be read: ${reason}`,
    hint: 'name a readable YAML file',
  };
}
