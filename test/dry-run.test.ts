import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { copyExample } from './support/example-copy.js';

describe('syncline run --dry-run on the quick start', () => {
  let work: ReturnType<typeof copyExample>;
  let spec: string;
  const erpCount = () => {
    const db = new Database(path.join(work.dir, 'work/erp.db'), { readonly: true });
    const n = (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
    db.close();
    return n;
  };
  const dryRun = () => {
    const result = runCli(['run', 'customers-to-erp', '--dry-run', '--json', '--spec', spec]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return (JSON.parse(result.stdout) as { dryRuns: Record<string, unknown>[] }).dryRuns[0];
  };

  beforeAll(() => {
    work = copyExample('quick-start');
    spec = work.spec;
  });
  afterAll(() => work.remove());

  it('before the first run: every valid customer is an insert, the broken ones would be rejected', () => {
    const report = dryRun();
    expect(report).toMatchObject({
      read: 59,
      inserts: 56,
      updates: 0,
      unchanged: 0,
      rejected: 3,
      compared: true,
    });
    expect(report?.sampleRejected).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: [4], code: 'bad-email', stage: 'validate' })]),
    );
    expect(erpCount()).toBe(0);
  });

  it('after a run and a change in the CRM: one update with its field change, one insert, nothing written', () => {
    expect(runCli(['run', '--spec', spec]).status).toBe(0);
    const crm = new Database(path.join(work.dir, 'work/crm.db'));
    crm.exec(`UPDATE customers SET email = 'New.Address@Example.com', updated_at = '2027-01-01T00:00:00Z' WHERE id = 5;
      INSERT INTO customers VALUES (60, 'C-00060', 'Ada Lovelace', NULL, NULL, 'London', NULL, 'United Kingdom',
        NULL, 'ada@example.org', '01/02/2024', '2027-01-02T00:00:00Z');`);
    crm.close();
    const report = dryRun();
    expect(report).toMatchObject({ read: 2, inserts: 1, updates: 1, unchanged: 0, rejected: 0 });
    expect(report?.sampleUpdates).toEqual([
      {
        key: ['C-00005'],
        changes: [{ field: 'email', before: 'frantisekw@jetbrains.com', after: 'new.address@example.com' }],
      },
    ]);
    expect(erpCount()).toBe(56);
    // The checkpoint did not move: a second dry run sees the same two records.
    expect(dryRun()).toMatchObject({ read: 2 });
  });
});
