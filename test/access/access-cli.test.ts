import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cliPath } from '../support/cli.js';
import { copyExample } from '../support/example-copy.js';

/** users, tokens, secrets and audit through the built CLI, on a copy of the quick-start example. */

const demo = copyExample('quick-start');
afterAll(() => demo.remove());
// Every step spawns the CLI; on a busy machine each spawn can take seconds.
vi.setConfig({ testTimeout: 400_000 });

const masterKey = Buffer.alloc(32, 9).toString('base64');

function cli(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: demo.dir,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', SYNCLINE_OPERATOR: 'cli-tester', ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The error of the first run in `syncline run --json` output. */
function runError(stdout: string): { code: string; message: string } {
  const parsed = JSON.parse(stdout) as { runs: { error?: { code: string; message: string } }[] };
  return parsed.runs[0]?.error ?? { code: '', message: '' };
}

describe('syncline users / tokens', () => {
  it('adds users with a password from stdin or a file, and refuses bad input', () => {
    expect(
      cli(['users', 'add', 'ada', '--role', 'admin'], { input: 'a long admin password\n' }),
    ).toMatchObject({
      status: 0,
      stdout: 'added ada (admin)\n',
    });
    const short = cli(['users', 'add', 'ben', '--role', 'viewer'], { input: 'short\n' });
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const passwordFile = path.join(demo.dir, 'ben-password.txt');
    writeFileSync(passwordFile, 'another long password\n');
    expect(cli(['users', 'add', 'ben', '--role', 'viewer', '--password-file', passwordFile]).status).toBe(0);
    expect(
      cli(['users', 'add', 'ben', '--role', 'viewer'], { input: 'another long password' }).stderr,
    ).toMatch(/already a user named "ben"/);
    expect(cli(['users', 'add', 'cy', '--role', 'boss'], { input: 'x' }).stderr).toMatch(
      /Unknown role "boss"[\s\S]*viewer, operator, admin/,
    );
  });

  it('changes roles, keeps the last admin, and lists users without their password hashes', () => {
    expect(cli(['users', 'set-role', 'ben', 'operator']).stdout).toBe('ben is now operator\n');
    const lastAdmin = cli(['users', 'remove', 'ada']);
    expect(lastAdmin.status).toBe(2);
    expect(lastAdmin.stderr).toMatch(/ada is the only admin/);
    expect(cli(['users', 'set-role', 'ada', 'viewer']).stderr).toMatch(/ada is the only admin/);
    expect(cli(['users', 'remove', 'nobody']).stderr).toMatch(/no user named "nobody"/);
    const list = JSON.parse(cli(['users', 'list', '--json']).stdout) as { users: Record<string, unknown>[] };
    expect(list.users.map((u) => [u.name, u.role])).toEqual([
      ['ada', 'admin'],
      ['ben', 'operator'],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/scrypt|password/);
    expect(cli(['users', 'remove', 'ben']).stdout).toBe('removed ben\n');
  });

  it('creates a token shown once, lists it without the token, and revokes it', () => {
    const created = cli(['tokens', 'create', 'grafana', '--role', 'viewer']);
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/copy the token now, it is not shown again/);
    const listed = cli(['tokens', 'list']);
    expect(listed.stdout).toMatch(/tok-[0-9a-f]{8}\s+grafana\s+viewer/);
    expect(listed.stdout).not.toContain(token);
    expect(cli(['tokens', 'revoke', 'grafana']).stdout).toBe('revoked 1 token\n');
    expect(cli(['tokens', 'revoke', 'grafana']).stderr).toMatch(/no live token with id or name "grafana"/);
  });
});

describe('syncline secrets and ${secret:NAME} in the spec', () => {
  const env = { SYNCLINE_MASTER_KEY: masterKey };

  it('runs a flow whose connection comes from a stored secret, and fails clearly without the key', () => {
    expect(cli(['secrets', 'set', 'crm-db'], { input: 'work/crm.db\n', env }).stdout).toMatch(
      /stored crm-db \(key k1\); use it in the spec as \$\{secret:crm-db\}/,
    );
    const spec = readFileSync(demo.spec, 'utf8');
    writeFileSync(
      demo.spec,
      spec.replace('connection: { path: work/crm.db }', 'connection: { path: "${secret:crm-db}" }'),
    );
    expect(readFileSync(demo.spec, 'utf8')).toContain('${secret:crm-db}');

    const run = cli(['run', 'customers-to-erp', '--json'], { env });
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout) as { runs: { status: string; read: number }[] };
    expect(summary.runs[0]).toMatchObject({ status: 'succeeded', read: 59 });

    const noKey = cli(['run', 'customers-to-erp', '--json']);
    expect(noKey.status).not.toBe(0);
    expect(runError(noKey.stdout).message).toMatch(
      /systems\.crm\.connection\.path uses \$\{secret:crm-db\}, but no master key: stored secrets need SYNCLINE_MASTER_KEY/,
    );
    const wrongKey = cli(['run', 'customers-to-erp', '--json'], {
      env: { SYNCLINE_MASTER_KEY: Buffer.alloc(32, 8).toString('base64') },
    });
    expect(runError(wrongKey.stdout)).toMatchObject({
      code: 'secret-unresolved',
      message: expect.stringMatching(/secret "crm-db" cannot be decrypted with key "k1": the key is wrong/),
    });
    expect(wrongKey.stdout).not.toContain('work/crm.db');
  });

  it('lists names and key ids only, and rotates to a new key', () => {
    const listed = cli(['secrets', 'list']);
    expect(listed.stdout).toMatch(/crm-db\s+k1/);
    expect(listed.stdout).not.toContain('work/crm.db');
    const keys = `k2:${Buffer.alloc(32, 10).toString('base64')},k1:${masterKey}`;
    expect(cli(['secrets', 'rotate'], { env: { SYNCLINE_MASTER_KEYS: keys } }).stdout).toMatch(
      /re-encrypted 1 secret under key k2/,
    );
    expect(cli(['secrets', 'list', '--json']).stdout).toContain('"keyId": "k2"');
  });

  it('records every operator action of the command line in the audit log', () => {
    const audit = JSON.parse(cli(['audit', '--json']).stdout) as { entries: Record<string, unknown>[] };
    expect(audit.entries.map((e) => `${e.actor} ${e.action} ${e.target ?? ''}`.trim())).toEqual([
      'cli-tester user.add ada',
      'cli-tester user.add ben',
      'cli-tester user.set-role ben',
      'cli-tester user.remove ben',
      expect.stringMatching(/^cli-tester token\.create tok-[0-9a-f]{8} \(grafana\)$/),
      'cli-tester token.revoke grafana',
      'cli-tester secret.set crm-db',
      'cli-tester secret.rotate',
    ]);
    expect(audit.entries.every((e) => e.origin === 'cli' && e.outcome === 'ok')).toBe(true);
    expect(cli(['audit', '--since', '1h']).stdout).toMatch(/cli-tester\s+secret\.rotate/);
    expect(cli(['audit', '--since', 'yesterday-ish']).stderr).toMatch(/--since takes a duration/);
  });
});
