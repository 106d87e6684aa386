import type { z } from 'zod';
import type { AnyConnectorDefinition } from '../core/connector.js';
import { didYouMean } from '../core/did-you-mean.js';
import { isRecord } from '../core/is-record.js';
import type { Locator } from '../spec/load-spec.js';
import { flowSchema, type LookupTable, lookupTableSchema, specSchema, systemSchema } from '../spec/schema.js';
import { problemAt, type SpecProblem } from '../spec/spec-problem.js';
import { checkAgainst, type Report } from './check-connector-block.js';
import { compileFlow } from './compile-flow.js';
import { compileFlowMapping } from './compile-flow-mapping.js';
import type { CompiledFlow } from './compiled-flow.js';
import { notYetActive } from './not-yet-active.js';

/**
 * Second pass over a spec, with the connectors and the mapping library in hand: connection
 * blocks, from:/to: options, write modes, keys and field mappings. It works entry by entry on
 * the parsed document, so that even when the spec has schema problems every system and flow
 * that is well-formed is still checked, and a user sees every problem in one pass.
 */
export interface CompileInput {
  /** The parsed spec: validated, or the raw document when the schema check failed. */
  readonly spec: unknown;
  readonly locate: Locator;
  readonly connectors: readonly AnyConnectorDefinition[];
  /** Lookup tables with the file ones already read (loadLookupTables); else the inline ones are used. */
  readonly lookups?: Record<string, LookupTable> | undefined;
  /** Resolves secret references inside mappings (hash salts); without it they stay unresolved. */
  readonly resolveSecret?: ((reference: string) => string | undefined) | undefined;
}

export interface CompiledProject {
  readonly flows: ReadonlyMap<string, CompiledFlow>;
  readonly problems: readonly SpecProblem[];
  /** Things the spec declares that this version records but does not act on yet. */
  readonly notices: readonly SpecProblem[];
}

export function compileProject({
  spec,
  locate,
  connectors,
  lookups,
  resolveSecret,
}: CompileInput): CompiledProject {
  const problems: SpecProblem[] = [];
  const report: Report = (path, code, message, hint, target) => {
    problems.push(problemAt(locate, path, code, message, { hint, target: target ?? 'value' }));
  };
  const raw = isRecord(spec) ? spec : {};
  const byKind = new Map(connectors.map((c) => [c.kind, c]));
  const systems = new Map<string, z.infer<typeof systemSchema>>();

  for (const [name, entry] of Object.entries(isRecord(raw.systems) ? raw.systems : {})) {
    const parsed = systemSchema.safeParse(entry);
    if (!parsed.success) continue;
    const system = parsed.data;
    systems.set(name, system);
    if (system.kind === 'manual') continue;
    const connector = byKind.get(system.kind);
    if (!connector) {
      const known = [...byKind.keys(), 'manual'];
      const guess = didYouMean(system.kind, known);
      report(
        ['systems', name, 'kind'],
        'unknown-kind',
        `unknown system kind "${system.kind}"`,
        guess ? `did you mean "${guess}"?` : `known kinds: ${known.join(', ')}`,
      );
      continue;
    }
    checkAgainst(connector.config, system.connection ?? {}, ['systems', name, 'connection'], report);
  }

  const defaults = specSchema.shape.errors.safeParse(raw.errors);
  const context = {
    systems,
    defaultRetry: defaults.success ? defaults.data?.retry : undefined,
    byKind,
    lookups: lookups ?? inlineLookups(raw.lookups),
    resolveSecret,
    locate,
    report,
  };
  const flows = new Map<string, CompiledFlow>();
  for (const [name, entry] of Object.entries(isRecord(raw.flows) ? raw.flows : {})) {
    const parsed = flowSchema.safeParse(entry);
    if (parsed.success) {
      const compiled = compileFlow(name, parsed.data, context, problems);
      if (compiled) flows.set(name, compiled);
    } else if (isRecord(entry)) {
      // The flow itself is malformed (reported already); its field mappings can still be checked.
      problems.push(...mappingProblemsOf(name, entry, context.lookups, locate));
    }
  }
  return { flows, problems, notices: notYetActive(raw, locate) };
}

function mappingProblemsOf(
  name: string,
  flow: Record<string, unknown>,
  lookups: Record<string, LookupTable>,
  locate: Locator,
): SpecProblem[] {
  const fields = flowSchema.shape.fields.safeParse(flow.fields);
  const onInvalid = flowSchema.shape.onInvalid.safeParse(flow.onInvalid);
  if (!fields.success || !fields.data || !onInvalid.success) return [];
  return compileFlowMapping(name, fields.data, { lookups, onInvalid: onInvalid.data }, locate).problems;
}

/** The lookup tables written inline, each checked on its own so one bad table hides no other. */
function inlineLookups(entries: unknown): Record<string, LookupTable> {
  const tables: Record<string, LookupTable> = {};
  for (const [name, entry] of Object.entries(isRecord(entries) ? entries : {})) {
    const parsed = lookupTableSchema.safeParse(entry);
    if (parsed.success) tables[name] = parsed.data;
  }
  return tables;
}
