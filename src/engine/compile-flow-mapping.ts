import { z } from 'zod';
import { type CompileMappingResult, compileMapping } from '../mapping/compile-mapping.js';
import type { Locator } from '../spec/load-spec.js';
import {
  type FieldSpec,
  fieldSchema,
  lookupTableSchema,
  type OnInvalid,
  onInvalidSchema,
} from '../spec/schema.js';
import { problemAt, type SpecPath, type SpecProblem } from '../spec/spec-problem.js';

/** Compiles one flow's field mappings, reporting each issue at its place in the spec. */
export function compileFlowMapping(
  flowName: string,
  fields: readonly FieldSpec[] | undefined,
  options: { lookups: Record<string, z.infer<typeof lookupTableSchema>>; onInvalid: OnInvalid },
  locate: Locator,
): { result: CompileMappingResult; problems: SpecProblem[] } {
  const result = compileMapping(fields, options);
  const problems = result.ok
    ? []
    : result.issues.map((issue) =>
        problemAt(locate, ['flows', flowName, ...parseRelativePath(issue.path)], issue.code, issue.message, {
          hint: issue.hint,
        }),
      );
  return { result, problems };
}

/**
 * Mapping problems of a spec that failed its schema check, so that a bad transform name is
 * reported together with the rest. Flows whose fields are themselves malformed are skipped:
 * the schema problems already cover them.
 */
export function mappingProblemsOf(raw: unknown, locate: Locator): SpecProblem[] {
  if (!isRecord(raw) || !isRecord(raw.flows)) return [];
  const lookups = z.record(z.string(), lookupTableSchema).safeParse(raw.lookups ?? {});
  const problems: SpecProblem[] = [];
  for (const [name, flow] of Object.entries(raw.flows)) {
    if (!isRecord(flow)) continue;
    const fields = z.array(fieldSchema).safeParse(flow.fields);
    const onInvalid = onInvalidSchema.safeParse(flow.onInvalid ?? 'dead-letter');
    if (!fields.success || !onInvalid.success) continue;
    const options = { lookups: lookups.success ? lookups.data : {}, onInvalid: onInvalid.data };
    problems.push(...compileFlowMapping(name, fields.data, options, locate).problems);
  }
  return problems;
}

/** "fields[3].transform" -> ['fields', 3, 'transform'] */
function parseRelativePath(path: string): SpecPath {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] as string));
  }
  return segments;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
