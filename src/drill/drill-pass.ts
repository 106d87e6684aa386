import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import type { JsonValue } from '../core/row.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, connectFlow } from '../engine/connect-flow.js';
import { runFlow } from '../engine/run-flow.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { RunRecord } from '../store/state-store.js';
import { checkScratchTarget, type ScratchCheck } from './check-scratch-target.js';
import { killMidRun } from './crash-child.js';
import { recordDrillEvents } from './drill-events.js';
import type { DrillScenario, DrillSettings } from './drill-scenario.js';
import { type Injection, injectedEndpoints, injectFailure } from './inject-failure.js';
import { measurePeakRss } from './peak-rss.js';
import { openScratchTarget } from './scratch-target.js';

/** One pass of a drill: the flow run (and resumed) against a fresh scratch target and store. */
export interface DrillPass {
  readonly scratch: string;
  readonly runs: readonly Pick<RunRecord, 'id' | 'status' | 'read' | 'written' | 'deadLettered' | 'error'>[];
  readonly retries: number;
  readonly circuit: readonly { readonly state: string; readonly detail: string }[];
  readonly deadLetters: Readonly<Record<string, number>>;
  readonly rowsWritten: number;
  readonly peakRssBytes: number;
  readonly killed?: boolean;
  readonly check: ScratchCheck;
}

export interface DrillPassOptions {
  readonly flow: CompiledFlow;
  readonly context: ConnectContext;
  readonly scenario: DrillScenario;
  readonly settings: DrillSettings;
  readonly injection?: Injection;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /** For crash: the CLI to start the child with, and the spec it loads. */
  readonly cliPath?: string;
  readonly specPath?: string;
}

/**
 * Runs the flow once with the scenario's failure against a scratch copy of its target and a
 * scratch state store; after a run that failed on the injected outage or was killed, runs it
 * again without the failure (the next scheduled run), then checks the copy by key.
 */
export async function drillPass(options: DrillPassOptions): Promise<DrillPass> {
  const { scenario, context } = options;
  const signal = options.signal ?? new AbortController().signal;
  const injection = options.injection ?? injectFailure(scenario, options.flow, options.settings);
  const scratch = await openScratchTarget(options.flow, context);
  const dir = mkdtempSync(path.join(tmpdir(), 'syncline-drill-state-'));
  const storePath = path.join(dir, 'state.db');
  try {
    let killed: boolean | undefined;
    const events = recordDrillEvents(options.logger);
    const endpoints = connectFlow(scratch.flow, context);
    const { peakRss, result: store } = await measurePeakRss(async () => {
      if (scenario === 'crash') {
        const child = await killMidRun({
          cliPath: options.cliPath ?? process.argv[1] ?? '',
          specPath: options.specPath ?? path.join(context.baseDir, 'syncline.yaml'),
          flow: options.flow.name,
          plan: {
            connection: scratch.flow.target.connection,
            options: scratch.flow.target.options as JsonValue,
            storePath,
          },
        });
        killed = child.killed;
        if (child.stderr.trim())
          options.logger?.warn('drill child wrote to stderr', { stderr: child.stderr });
      }
      const opened = await openSqliteStore(storePath);
      const run = (withFailure: boolean) =>
        runFlow({
          flow: scratch.flow,
          endpoints: withFailure ? injectedEndpoints(endpoints, injection) : endpoints,
          store: opened,
          logger: events.logger,
          signal,
        });
      const first = await run(scenario !== 'crash');
      // The next run after an outage or a crash: the failure is over, it continues from the checkpoint.
      if (scenario === 'target-down' && first.status !== 'succeeded') await run(false);
      return opened;
    });
    try {
      const check = await checkScratchTarget({
        flow: scratch.flow,
        endpoints,
        redeliver: injection.redeliver(),
        store,
        targetKeys: await scratch.readKeys(),
        signal,
      });
      const runs = [...(await store.listRuns({ flow: options.flow.name }))].reverse();
      const deadLetters: Record<string, number> = {};
      for (const letter of await store.listDeadLetters({ flow: options.flow.name })) {
        deadLetters[letter.code] = (deadLetters[letter.code] ?? 0) + 1;
      }
      return {
        scratch: scratch.where,
        runs: runs.map(({ id, status, read, written, deadLettered, error }) => ({
          id,
          status,
          read,
          written,
          deadLettered,
          error,
        })),
        retries: events.retries(),
        circuit: events.circuit(),
        deadLetters,
        rowsWritten: runs.reduce((sum, run) => sum + run.written, 0),
        peakRssBytes: peakRss,
        ...(killed === undefined ? {} : { killed }),
        check,
      };
    } finally {
      await store.close();
    }
  } finally {
    await scratch.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
