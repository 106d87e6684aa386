import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LoadResult, loadSpec, parseSpec } from './load-spec.js';
import { formatSpecProblem, type SpecProblem } from './spec-problem.js';

const fixtures = path.join(import.meta.dirname, '../../test/fixtures/spec');

function problemsOf(result: LoadResult): SpecProblem[] {
  if (result.ok) throw new Error('expected problems, the spec loaded');
  return result.problems;
}

/** Problems as `line:col code path`, the part every test cares about. */
function summary(result: LoadResult): string[] {
  return problemsOf(result).map((p) => `${p.line}:${p.col} ${p.code} ${p.path}`);
}

describe('loadSpec', () => {
  it('loads a good spec, keeping secret references and applying defaults', async () => {
    const result = await loadSpec(path.join(fixtures, 'good.yaml'));
    if (!result.ok) throw new Error(result.problems.map(formatSpecProblem).join('\n'));
    expect(result.baseDir).toBe(fixtures);
    expect(result.spec.systems.crm?.connection?.url).toBe('${env:CRM_DATABASE_URL}');
    const flow = result.spec.flows?.['invoices-to-crm'];
    expect(flow?.enabled).toBe(true);
    expect(flow?.onInvalid).toBe('dead-letter');
    expect(result.locate(['flows', 'customers-to-erp', 'fields', 2, 'transform'])).toEqual({
      line: 42,
      col: 46,
    });
  });

  it('reports the four spec mistakes of five-mistakes.yaml at once, each at its line and column', async () => {
    // The fifth mistake, transform "trim | lowr", is the mapping compiler's to find.
    const file = path.join(fixtures, 'five-mistakes.yaml');
    const problems = problemsOf(await loadSpec(file));
    expect(problems.map((p) => `${p.line}:${p.col} ${p.code} ${p.path}`)).toEqual([
      '4:3 unknown-key project.ownr',
      '9:12 literal-secret systems.crm.connection.url',
      '17:19 unknown-system flows.customers-to-erp.to.system',
      '18:26 bad-cron flows.customers-to-erp.trigger.schedule',
    ]);
    expect(problems.map(formatSpecProblem)).toEqual([
      `${file}:4:3 project.ownr: unknown key "ownr" (did you mean "owner"?)`,
      `${file}:9:12 systems.crm.connection.url: this address contains a password written as plain text, so it ends up in version control (use \${env:NAME} or \${file:path} instead, e.g. postgres://user:\${env:CRM_PASSWORD}@host/...)`,
      `${file}:17:19 flows.customers-to-erp.to.system: there is no system "erpp" under systems (did you mean "erp"?)`,
      `${file}:18:26 flows.customers-to-erp.trigger.schedule: "*/15 * * *" is not a valid schedule: it has 4 fields, a schedule needs 5 (write five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *" for every 15 minutes)`,
    ]);
  });

  it('never prints a literal secret, whatever the problem', async () => {
    const problems = problemsOf(await loadSpec(path.join(fixtures, 'five-mistakes.yaml')));
    const text = problems.map((p) => `${formatSpecProblem(p)} ${JSON.stringify(p)}`).join('\n');
    expect(text).not.toContain('hunter2');

    const leaky = parseSpec(
      [
        'version: 1',
        'project: { name: p }',
        'systems:',
        '  crm:',
        '    kind: postgres',
        '    connection: postgres://sync:s3cr3t-pw@crm/db',
        '    auth: { method: basic, password: 12345678 }',
        '  erp: { kind: mysql, connection: { apiKey: k3y-value, url: "https://erp/api?token=t0ken-value" } }',
      ].join('\n'),
      'leaky.yaml',
    );
    const leakyText = problemsOf(leaky)
      .map((p) => `${formatSpecProblem(p)} ${JSON.stringify(p)}`)
      .join('\n');
    expect(summary(leaky)).toEqual([
      '6:17 wrong-type systems.crm.connection',
      '6:17 literal-secret systems.crm.connection',
      '7:28 unknown-key systems.crm.auth.password',
      '7:38 literal-secret systems.crm.auth.password',
      '8:45 literal-secret systems.erp.connection.apiKey',
      '8:61 literal-secret systems.erp.connection.url',
    ]);
    for (const secret of ['s3cr3t-pw', '12345678', 'k3y-value', 't0ken-value'])
      expect(leakyText).not.toContain(secret);
  });

  it('reports a missing file with a hint to create one', async () => {
    const problems = problemsOf(await loadSpec('no/such/syncline.yaml'));
    expect(problems).toEqual([
      {
        file: 'no/such/syncline.yaml',
        line: 1,
        col: 1,
        path: '',
        code: 'spec-not-found',
        message: 'the spec file does not exist',
        hint: 'check the path, or run "syncline init" to create one',
      },
    ]);
  });

  it('reports a folder given as the spec', async () => {
    expect(summary(await loadSpec(fixtures))).toEqual(['1:1 spec-unreadable ']);
  });

  it('reports an empty file', () => {
    expect(summary(parseSpec('# nothing yet\n', 'empty.yaml'))).toEqual(['1:1 spec-empty ']);
  });

  it('refuses a document whose aliases expand without bound', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefgh')
      bomb.push(
        `${name}: &${name} [${Array(10)
          .fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(', ')}]`,
      );
    expect(summary(parseSpec(bomb.join('\n'), 'bomb.yaml'))).toEqual(['1:1 yaml-syntax ']);
  });

  it('reports schema, reference and secret problems together', () => {
    const result = parseSpec(
      [
        'version: 1',
        'project: { name: p, owner: 5 }',
        'systems:',
        '  crm: { kind: postgres, connection: { password: pw } }',
        'flows:',
        '  f: { from: { system: crn }, to: { system: crm }, trigger: { schedule: "61 * * * *" } }',
      ].join('\n'),
      'mixed.yaml',
    );
    expect(summary(result)).toEqual([
      '2:28 wrong-type project.owner',
      '4:50 literal-secret systems.crm.connection.password',
      '6:24 unknown-system flows.f.from.system',
      '6:73 bad-cron flows.f.trigger.schedule',
    ]);
  });

  it('stops after YAML syntax errors, since the rest of the file cannot be trusted', () => {
    const result = parseSpec(['version: 1', 'project:', '\tname: p', 'systems: {}'].join('\n'), 'tabs.yaml');
    expect(summary(result)).toEqual(['3:1 yaml-syntax ']);
  });

  it('reports a duplicate key along with the other problems', () => {
    const result = parseSpec(
      [
        'version: 1',
        'project: { name: p }',
        'systems: {}',
        'flows:',
        '  f: { from: { system: a }, to: { system: a } }',
        'project: { name: q }',
      ].join('\n'),
      'dup.yaml',
    );
    expect(summary(result)).toEqual([
      '5:24 unknown-system flows.f.from.system',
      '5:43 unknown-system flows.f.to.system',
      '6:1 duplicate-key project',
    ]);
  });

  it('reports a mapping sheet that does not exist, relative to the spec', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'syncline-spec-'));
    writeFileSync(path.join(dir, 'present.csv'), 'source field,target field\nid,id\n');
    const flow = (name: string, sheet: string) =>
      `  ${name}: { from: { system: a }, to: { system: a }, mapping: ${sheet} }`;
    const file = path.join(dir, 'syncline.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'project: { name: p }',
        'systems: { a: { kind: files } }',
        'flows:',
        flow('f', 'present.csv'),
        flow('g', 'missing.csv'),
      ].join('\n'),
    );
    const problems = problemsOf(await loadSpec(file));
    expect(problems.map((p) => `${p.line}:${p.col} ${p.code} ${p.path}`)).toEqual([
      '6:57 mapping-not-found flows.g.mapping',
    ]);
    expect(problems[0]?.hint).toContain(path.join(dir, 'missing.csv'));
  });

  describe('with env (where the flows will run)', () => {
    const text = [
      'version: 1',
      'project: { name: p }',
      'systems:',
      '  crm:',
      '    kind: postgres',
      '    connection:',
      '      url: ${env:CRM_URL}',
      '      password: ${file:secrets/crm.txt}',
    ].join('\n');

    it('reports unset variables and missing secret files, without reading them', () => {
      const result = parseSpec(text, path.join(fixtures, 'env.yaml'), { env: {} });
      expect(summary(result)).toEqual([
        '7:12 secret-unresolved systems.crm.connection.url',
        '8:17 secret-unresolved systems.crm.connection.password',
      ]);
      expect(problemsOf(result)[0]?.message).toBe(
        '${env:CRM_URL} is used here, but the environment variable CRM_URL is not set',
      );
    });

    it('accepts references that resolve', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'syncline-spec-'));
      writeFileSync(path.join(dir, 'crm.txt'), 'pw\n');
      const result = parseSpec(text.replace('secrets/crm.txt', 'crm.txt'), path.join(dir, 'syncline.yaml'), {
        env: { CRM_URL: 'postgres://crm/db' },
      });
      expect(result.ok).toBe(true);
    });

    it('does not check references without env', () => {
      expect(parseSpec(text, 'env.yaml').ok).toBe(true);
    });
  });
});
