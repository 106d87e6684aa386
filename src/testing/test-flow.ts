import type { Target } from '../core/connector.js';
import { isRecord } from '../core/is-record.js';
import type { Row } from '../core/row.js';
import type { TableShape } from '../core/table-shape.js';
import { loadSnapshot } from '../discovery/discover-system.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import type { FlowEndpoints } from '../engine/run-flow.js';
import { fitted } from '../engine/target-limits/fit-flow.js';
import { compileFit } from '../engine/target-limits/fit-to-target.js';
import type { RowMapper } from '../mapping/compile-mapping.js';
import { edgeValues } from './edge-values.js';
import { type FixtureProblem, loadFixtures } from './load-fixtures.js';
import { type ProbeSummary, probeEdgeCases } from './probe-edge-cases.js';
import { type FixtureFailure, runFixtures } from './run-fixtures.js';

export interface FlowTestReport {
  readonly flow: string;
  /** Where the target's limits came from; without them only the mapping itself is tested. */
  readonly target: {
    readonly label: string;
    readonly from: 'live' | 'snapshot' | 'none';
    readonly note?: string;
  };
  readonly fixtures: {
    readonly folder: string;
    readonly total: number;
    readonly failures: readonly FixtureFailure[];
    readonly problems: readonly FixtureProblem[];
  };
  /** Records the generated cases start from: the fixtures' inputs, else the source's first rows. */
  readonly baseFrom: 'fixtures' | 'source' | 'none';
  readonly generated: ProbeSummary;
  readonly passed: boolean;
}

export interface TestFlowOptions {
  readonly baseDir: string;
  readonly endpoints: FlowEndpoints;
  readonly signal?: AbortSignal;
}

/**
 * `syncline test FLOW` (issue 3 item 6): the flow's mapping and its fit to the target's known
 * limits, run on the fixtures of tests/FLOW/*.jsonl and on generated edge cases. Writes nothing.
 */
export async function testFlow(flow: CompiledFlow, options: TestFlowOptions): Promise<FlowTestReport> {
  const { fixtures, problems, folder } = await loadFixtures(options.baseDir, flow.name);
  const target = await targetShape(flow, options);
  const fit = compileFit({
    label: target.label,
    shape: target.shape,
    fit: flow.spec.fit,
    systemCharset: flow.target.charset,
    key: flow.target.key,
  });
  const newMapper = (): RowMapper => (fit === undefined ? flow.freshMap() : fitted(flow.freshMap(), fit));

  const failures = runFixtures(newMapper, fixtures);
  // Generated cases start from records the mapping writes: a fixture expected to be written.
  let bases: readonly Row[] = [...fixtures]
    .sort((a, b) => Number(b.output !== undefined) - Number(a.output !== undefined))
    .map((f) => f.input);
  let baseFrom: FlowTestReport['baseFrom'] = bases.length > 0 ? 'fixtures' : 'none';
  if (bases.length === 0) {
    bases = await firstSourceRows(options).catch(() => []);
    if (bases.length > 0) baseFrom = 'source';
  }
  const fields = flow.sourceFields.length > 0 ? flow.sourceFields : Object.keys(bases[0] ?? {});
  const generated = probeEdgeCases(newMapper, bases, fields, edgeValues(), flow.source.key);
  return {
    flow: flow.name,
    target: { label: target.label, from: target.from, ...(target.note ? { note: target.note } : {}) },
    fixtures: { folder, total: fixtures.length, failures, problems },
    baseFrom,
    generated,
    passed: failures.length === 0 && problems.length === 0 && generated.findings.length === 0,
  };
}

interface ShapeFound {
  readonly shape: TableShape | undefined;
  readonly label: string;
  readonly from: 'live' | 'snapshot' | 'none';
  readonly note?: string;
}

/** The target table from discovery/SYSTEM.json when there is one, else from the live target. */
async function targetShape(flow: CompiledFlow, options: TestFlowOptions): Promise<ShapeFound> {
  const system = flow.target.system;
  const named = isRecord(flow.target.options)
    ? (flow.target.options.table ?? flow.target.options.file)
    : undefined;
  const snapshot = await loadSnapshot(options.baseDir, system).catch(() => undefined);
  const stored = snapshot?.tables.find((t) => t.name === named);
  if (stored) return { shape: stored, label: `${system} ${stored.kind} "${stored.name}"`, from: 'snapshot' };
  let target: Target | undefined;
  try {
    target = await options.endpoints.openTarget(undefined);
    const shape = await target.describe?.();
    if (shape) return { shape, label: `${system} ${shape.kind} "${shape.name}"`, from: 'live' };
    return { shape: undefined, label: system, from: 'none', note: `${system} does not describe its columns` };
  } catch (error) {
    return {
      shape: undefined,
      label: system,
      from: 'none',
      note: `could not read the target's schema (${(error as Error).message}); run syncline discover ${system}`,
    };
  } finally {
    await target?.close().catch(() => undefined);
  }
}

async function firstSourceRows(options: TestFlowOptions): Promise<readonly Row[]> {
  const source = await options.endpoints.openSource();
  try {
    for await (const batch of source.read(undefined, options.signal ?? new AbortController().signal)) {
      return batch.rows.slice(0, 5);
    }
    return [];
  } finally {
    await source.close();
  }
}
