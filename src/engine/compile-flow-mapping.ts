import { type CompileMappingResult, compileMapping } from '../mapping/compile-mapping.js';
import type { Locator } from '../spec/load-spec.js';
import type { FieldSpec, LookupTable, OnInvalid } from '../spec/schema.js';
import { problemAt, type SpecPath, type SpecProblem } from '../spec/spec-problem.js';

/** Compiles one flow's field mappings, reporting each issue at its place in the spec. */
export function compileFlowMapping(
  flowName: string,
  fields: readonly FieldSpec[] | undefined,
  options: {
    lookups: Record<string, LookupTable>;
    onInvalid: OnInvalid;
    resolveSecret?: ((reference: string) => string | undefined) | undefined;
  },
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

/** "fields[3].transform" -> ['fields', 3, 'transform'] */
function parseRelativePath(path: string): SpecPath {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] as string));
  }
  return segments;
}
