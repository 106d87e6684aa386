import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { cliPath, runCli } from '../support/cli.js';
import { copyExample } from '../support/example-copy.js';
import { freePort } from '../support/free-port.js';
import { editSpec, eventually } from './serve-harness.js';

const flow = 'customers-to-erp';

describe('syncline serve stopped with SIGTERM', () => {
  const copy = copyExample('quick-start');
  afterAll(() => copy.remove());

  it('lets the running batch finish, checkpoints, and exits 0; the next run continues from there', async () => {
    // Small batches, read slowly: a run lasts several seconds, so the signal comes mid-run.
    editSpec(copy.spec, [
      ['trigger: { schedule: "*/15 * * * *" }', 'trigger: { schedule: "* * * * * *" }'],
      [
        'from: { system: crm, table: customers, key: id, cursor: updated_at }',
        'from: { system: crm, table: customers, key: id, cursor: updated_at, batchSize: 2 }',
      ],
      [
        '    connection: { path: work/crm.db }\n',
        '    connection: { path: work/crm.db }\n    limits: { requestsPerSecond: 4 }\n',
      ],
    ]);
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [cliPath, 'serve', '--no-auth', '--port', String(port), '--grace', '20'],
      {
        cwd: copy.dir,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually('a run to start', async () =>
        lines.some((line) => line.includes('"msg":"run started"') && line.includes(flow)) ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('no exit'), 60_000)),
      ]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(lines.some((line) => line.includes('"msg":"stopping"'))).toBe(true);
    expect(lines.some((line) => line.includes('"msg":"stopped"') && line.includes('"isClean":true'))).toBe(
      true,
    );

    const store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    try {
      const [stopped] = await store.listRuns({ flow, limit: 1 });
      expect(stopped).toMatchObject({ status: 'interrupted', error: { code: 'interrupted' } });
      expect(stopped?.read).toBeGreaterThan(0);
      // Counted only for batches committed whole: every record read was written or dead-lettered.
      expect(stopped?.read).toBe((stopped?.written ?? 0) + (stopped?.deadLettered ?? 0));
      expect(await store.loadCheckpoint(flow)).toBeDefined();
    } finally {
      await store.close();
    }

    const resumed = runCli(['run', flow, '--json'], copy.dir);
    expect(resumed.stderr).toBe('');
    const crm = new Database(path.join(copy.dir, 'work', 'crm.db'), { readonly: true });
    const { total } = crm.prepare('SELECT count(*) AS total FROM customers').get() as { total: number };
    crm.close();
    const reopened = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    const runs = await reopened.listRuns({ flow, limit: 1000 });
    await reopened.close();
    // Nothing read twice, nothing skipped: the runs together read every customer once.
    expect(runs.reduce((sum, run) => sum + run.read, 0)).toBe(total);
  });
});
