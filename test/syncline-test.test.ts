import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { copyExample } from './support/example-copy.js';

interface Finding {
  code: string;
  kind: string;
  sourceField: string;
  targetField: string;
  input: string;
  record: Record<string, unknown>;
  message: string;
  fix: string;
  count: number;
}

describe('syncline test', () => {
  let example: ReturnType<typeof copyExample>;
  beforeAll(() => {
    example = copyExample('quick-start');
  });
  afterAll(() => example.remove());

  it('finds on the demo flow a length overflow and an encoding problem, each with the record that triggers it', () => {
    const result = runCli(['test', 'customers-to-erp', '--spec', example.spec, '--json'], example.dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const [report] = JSON.parse(result.stdout).flows;
    expect(report.target).toMatchObject({ from: 'live', label: 'erp table "clients"' });
    expect(report.fixtures).toMatchObject({ total: 6, failures: [], problems: [] });
    const findings = report.generated.findings as Finding[];

    const overflow = findings.find((f) => f.code === 'too-long' && f.targetField === 'first_name');
    expect(overflow).toBeDefined();
    expect(overflow?.message).toMatch(
      /is \d+ characters, but erp table "clients" column first_name holds 40$/,
    );
    expect(overflow?.fix).toContain('truncate(40)');
    // The record: the first fixture's customer with one field replaced by the generated value.
    expect(overflow?.record.id).toBe(1);
    expect(String(overflow?.record.full_name).length).toBeGreaterThan(40);

    const encoding = findings.find((f) => f.code === 'unencodable' && f.targetField === 'company');
    expect(encoding?.message).toMatch(/column company stores windows-1252 only$/);
    expect(encoding?.record.id).toBe(1);
    expect(encoding?.input).toContain('record id=1 with company = ');
    // Every finding's record really carries the value it names.
    for (const finding of findings) {
      const value = finding.record[finding.sourceField];
      if (typeof value === 'string') expect(finding.input).toContain(JSON.stringify(value).slice(0, 20));
    }
  });

  it('keeps the latest result per flow for the plan', () => {
    const kept = JSON.parse(
      readFileSync(path.join(example.dir, '.syncline', 'test-results', 'customers-to-erp.json'), 'utf8'),
    );
    expect(kept).toMatchObject({ flow: 'customers-to-erp', passed: false, fixtures: 6, fixtureFailures: 0 });
    expect(kept.findings).toContainEqual(
      expect.objectContaining({ code: 'too-long', targetField: 'first_name' }),
    );
  });

  it('prints which field and which input breaks what, and the fix', () => {
    const result = runCli(['test', 'customers-to-erp', '--spec', example.spec], example.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('fixtures: 6 of 6 passed');
    expect(result.stdout).toMatch(/✗ length overflow first_name \(too-long, \d+ cases?\)/);
    expect(result.stdout).toMatch(/✗ encoding problem company \(unencodable, \d+ cases?\)/);
    expect(result.stdout).toContain('input:   record id=1 with full_name = "AAAA');
    expect(result.stdout).toContain('fix:     add truncate(40) to the field');
  });

  it('reports a failing fixture with its file and line, and a malformed line', () => {
    const file = path.join(example.dir, 'tests', 'customers-to-erp', 'broken.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          input: {
            id: 7,
            customer_no: 'C-7',
            full_name: 'Ann Lee',
            company: null,
            street: '1 rue de la Paix',
            city: 'Paris',
            postal_code: '75002',
            phone: null,
            signup_date: '01/02/2024',
            country: 'France',
            email: 'ann@example.fr',
          },
          output: { country_code: 'DE' },
        }),
        '{"input": {"id": 8}',
      ].join('\n'),
    );
    try {
      const result = runCli(['test', 'customers-to-erp', '--spec', example.spec], example.dir);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(
        `✗ ${path.join('tests', 'customers-to-erp', 'broken.jsonl')}:1: country_code: expected "DE", got "FR"`,
      );
      expect(result.stdout).toMatch(/broken\.jsonl:2: not JSON/);
    } finally {
      writeFileSync(file, '');
    }
  });

  it('passes a flow whose mapping and fit handle every generated case', () => {
    const spec = path.join(example.dir, 'tolerant.yaml');
    writeFileSync(
      spec,
      [
        'version: 1',
        'project: { name: tolerant }',
        'systems:',
        '  crm: { kind: sqlite, connection: { path: work/crm.db } }',
        '  finance: { kind: files, connection: { dir: work/finance } }',
        'flows:',
        '  cities:',
        '    from: { system: crm, table: customers, key: id, cursor: updated_at }',
        '    to: { system: finance, file: cities.csv, mode: insert }',
        '    fit: { unencodable: replace }',
        '    fields:',
        '      - { from: id, to: id }',
        '      - { from: city, to: city }',
      ].join('\n'),
    );
    const result = runCli(['test', '--spec', spec], example.dir);
    expect(result.stdout).toContain('no problems found');
    expect(result.stdout).toContain("from the source's first record");
    expect(result.status).toBe(0);
  });

  it('names an unknown flow', () => {
    const result = runCli(['test', 'customers-to-rep', '--spec', example.spec], example.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown flow "customers-to-rep" (did you mean "customers-to-erp"?)');
  });
});
