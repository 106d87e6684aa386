import type { ConnectContext } from '../engine/connect-flow.js';
import type { Spec } from '../spec/schema.js';
import { type AnonymizedTable, anonymizeSample } from './anonymize-sample.js';
import { loadFakeSource } from './fake-value.js';
import { readSample } from './read-sample.js';
import { resolveSampleSeed } from './resolve-sample-seed.js';

export interface SampleTablesOptions {
  readonly spec: Spec;
  readonly context: ConnectContext;
  /** `SYSTEM.TABLE` names; parents and children are found among them. */
  readonly tables: readonly string[];
  readonly rows: number;
  readonly links: readonly string[];
  /** The seed's secret reference (`${env:X}`, `${file:path}`). */
  readonly seed: string;
  readonly signal: AbortSignal;
}

export interface SampleResult {
  readonly tables: readonly AnonymizedTable[];
  /** The seed's reference as given: where it came from, never what it is. */
  readonly seedFrom: string;
  /** Key-like values that kept a fake another value also has (see docs/sampling.md). */
  readonly collisions: number;
}

/**
 * `syncline sample --anonymize`: a consistent sample of related tables read through their
 * connectors, with personal data replaced by consistent pseudonyms. Writes nothing; see
 * writeSample for the files.
 */
export async function sampleTables(options: SampleTablesOptions): Promise<SampleResult> {
  // The seed is checked first: nothing is read from a system without it.
  const seed = resolveSampleSeed(options.seed, options.context);
  const sampled = await readSample(options);
  const fakes = await loadFakeSource();
  const { tables, collisions } = anonymizeSample(sampled, {
    seed,
    fakes,
    declared: (system) => options.spec.systems[system]?.pii,
  });
  return { tables, seedFrom: options.seed.trim(), collisions };
}
