import { spawn } from 'node:child_process';
import type { JsonValue } from '../core/row.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, connectFlow } from '../engine/connect-flow.js';
import { runFlow } from '../engine/run-flow.js';
import { timerSleep } from '../engine/write-with-retry.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { injectedEndpoints, withWrite } from './inject-failure.js';
import { pointFlowAt } from './point-flow-at.js';

/** What the drill tells the child process it starts: where the scratch target and store are. */
export interface CrashChildPlan {
  readonly connection: Readonly<Record<string, unknown>>;
  readonly options: JsonValue;
  readonly storePath: string;
}

/** Small, slowed batches in the child, so the kill lands between two of them. */
const childBatchSize = 10;
const childWriteDelayMs = 50;

/**
 * Starts `syncline drill FLOW --child PLAN` (the same CLI) and SIGKILLs it as soon as it
 * reports its first durable batch: the next batch is then being read, mapped or written.
 * Resolves with whether the kill happened before the run ended by itself.
 */
export function killMidRun(options: {
  readonly cliPath: string;
  readonly specPath: string;
  readonly flow: string;
  readonly plan: CrashChildPlan;
}): Promise<{ readonly killed: boolean; readonly stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      options.cliPath,
      '--spec',
      options.specPath,
      'drill',
      options.flow,
      '--scenario',
      'crash',
      '--child',
      JSON.stringify(options.plan),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let killed = false;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (!killed && chunk.toString().includes('batch')) {
      killed = child.kill('SIGKILL');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve({ killed, stderr }));
  });
}

/** The child's side: runs the flow against the scratch target, printing a line per durable batch. */
export async function runCrashChild(flow: CompiledFlow, context: ConnectContext, plan: CrashChildPlan) {
  const scratch = { ...pointFlowAt(flow, plan.connection, plan.options), batchSize: childBatchSize };
  const store = await openSqliteStore(plan.storePath);
  try {
    const endpoints = injectedEndpoints(connectFlow(scratch, context), {
      injected: '',
      redeliver: () => (batch) => [batch],
      wrapTarget: (target) =>
        withWrite(target, async (request, signal) => {
          await timerSleep(childWriteDelayMs, signal);
          return target.write(request, signal);
        }),
    });
    await runFlow({
      flow: scratch,
      endpoints,
      store,
      onProgress: () => process.stdout.write('batch\n'),
    });
  } finally {
    await store.close();
  }
}
