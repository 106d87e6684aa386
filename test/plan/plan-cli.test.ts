import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanResult } from '../../src/plan/check-plan.js';
import { runCli } from '../support/cli.js';
import { copyExample } from '../support/example-copy.js';
import { makeTempDir } from '../support/temp-dir.js';

/** `syncline plan`, the production gate of `syncline run`, and `syncline runbook`, through the built CLI. */

const demo = copyExample('quick-start');
const complete = makeTempDir('plan-complete');
cpSync(path.resolve('test/fixtures/plan/complete'), complete.dir, { recursive: true });

afterAll(() => {
  demo.remove();
  complete.remove();
});

describe('syncline plan', () => {
  it('lists the findings of the demo project with codes, places and fixes, and fails on errors', () => {
    const result = runCli(['plan'], demo.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/1 Discovery\s+\d+%/);
    expect(result.stdout).toMatch(
      /syncline\.yaml:\d+:\d+ SL203 error flows\.invoices-to-finance: flow "invoices-to-finance" has no retry and no alert channel \(add errors:/,
    );
    for (const code of ['SL102', 'SL104', 'SL203', 'SL401', 'SL501', 'SL502', 'SL503'])
      expect(result.stdout).toContain(` ${code} `);
    expect(result.stdout).toMatch(/\d+ errors, \d+ warnings/);
  });

  it('reports 100% readiness for a spec that follows the guide', () => {
    const result = runCli(['plan', '--json'], complete.dir);
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout) as PlanResult;
    expect(plan.findings).toEqual([]);
    expect(plan.readiness.slice(0, 3).map((r) => [r.name, r.percent])).toEqual([
      ['Discovery', 100],
      ['Architecture', 100],
      ['Mapping', 100],
    ]);
  });

  it('locates findings in the spec file', () => {
    const spec = readFileSync(path.join(complete.dir, 'syncline.yaml'), 'utf8');
    const dir = makeTempDir('plan-locate');
    try {
      cpSync(complete.dir, dir.dir, { recursive: true });
      writeFileSync(
        path.join(dir.dir, 'syncline.yaml'),
        spec.replace('    owner: finance@example.com\n', ''),
      );
      const plan = JSON.parse(runCli(['plan', '--json'], dir.dir).stdout) as PlanResult;
      const line = spec.split('\n').indexOf('  finance:') + 1;
      expect(plan.findings.map((f) => [f.code, f.severity, f.line, f.path])).toEqual([
        ['SL101', 'warning', line + 1, 'systems.finance'],
      ]);
      expect(plan.readiness[0]?.percent).toBeLessThan(100);
    } finally {
      dir.remove();
    }
  });
});

describe('syncline run --env production', () => {
  it('refuses to start while plan errors remain; --force starts and is audited', () => {
    const refused = runCli(['run', '--env', 'production'], demo.dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/SL503 error/);
    expect(refused.stderr).toMatch(/plan errors: not starting in production/);
    expect(existsSync(path.join(demo.dir, '.syncline', 'state.db'))).toBe(false);
    const forced = runCli(['run', '--env', 'production', '--force', 'customers-to-erp'], demo.dir);
    expect(forced.stderr).toMatch(/--force: starting in production despite \d+ plan errors/);
    expect(forced.status).toBe(0);
    const audit = JSON.parse(runCli(['audit', '--json'], demo.dir).stdout) as { entries: unknown[] };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({
      action: 'run-forced',
      target: 'customers-to-erp',
      outcome: 'ok',
      origin: 'cli',
      detail: {
        env: 'production',
        findings: expect.arrayContaining([expect.objectContaining({ code: 'SL503' })]),
      },
    });
  });

  it('outside production it starts without checking the plan', () => {
    expect(runCli(['run', '--env', 'staging', 'customers-to-erp'], demo.dir).stderr).not.toMatch(
      /plan error/,
    );
  });
});

describe('syncline runbook', () => {
  it('writes a runbook per flow and keeps the team notes across regenerations', () => {
    const out = path.join(complete.dir, 'runbooks');
    expect(runCli(['runbook', '--out', out], complete.dir).status).toBe(0);
    const file = path.join(out, 'customers-to-erp.md');
    const first = readFileSync(file, 'utf8');
    for (const heading of [
      'What it does',
      'Owners',
      'Schedule',
      'How to check health',
      'What each alert means',
      'Dead letters: inspect and replay',
      'How to roll back',
      'Whom to call',
    ])
      expect(first).toContain(`## ${heading}`);
    expect(first).toContain('syncline dead-letters replay --flow customers-to-erp');
    expect(first).toContain('Finance IT restores the client list');
    const edited = first.replace(
      /(<!-- syncline:editable:start -->)[\s\S]*(<!-- syncline:editable:end -->)/,
      '$1\nCall Dana before replaying.\n$2',
    );
    writeFileSync(file, edited);
    const again = runCli(['runbook', 'customers-to-erp', '--out', out], complete.dir);
    expect(again.stdout).toMatch(/team notes kept/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(
      runCli(['runbook', 'customers-to-erp', '--format', 'html', '--out', out], complete.dir).status,
    ).toBe(0);
    expect(readFileSync(path.join(out, 'customers-to-erp.html'), 'utf8')).toMatch(
      /<h2>How to roll back<\/h2>/,
    );
    expect(runCli(['runbook', 'customers-to-erpp'], complete.dir).stderr).toMatch(
      /did you mean "customers-to-erp"/,
    );
  });
});
