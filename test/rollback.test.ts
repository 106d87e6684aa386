import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { copyExample } from './support/example-copy.js';

/** Rollback of upsert runs on SQLite, from the journal, checked by exact table dumps. */
describe('syncline rollback (sqlite)', () => {
  let example: ReturnType<typeof copyExample>;
  const erp = () => path.join(example.dir, 'work/erp.db');
  const dump = () => {
    const db = new Database(erp(), { readonly: true });
    const rows = db.prepare('SELECT * FROM clients ORDER BY client_no').raw().all();
    db.close();
    return stringify(rows as unknown[][]);
  };
  const crm = (sql: string) => {
    const db = new Database(path.join(example.dir, 'work/crm.db'));
    db.exec(sql);
    db.close();
  };
  const run = () => {
    const result = runCli(['run', 'customers-to-erp', '--json', '--spec', example.spec]);
    expect(result.status).toBe(0);
    return (JSON.parse(result.stdout) as { runs: { id: string; written: number }[] }).runs[0];
  };
  const rollback = (...args: string[]) => runCli(['rollback', ...args, '--spec', example.spec]);

  beforeAll(() => {
    example = copyExample('quick-start');
    const spec = readFileSync(example.spec, 'utf8').replace(
      '    onInvalid: dead-letter\n',
      '    onInvalid: dead-letter\n    rollback: journal\n',
    );
    writeFileSync(example.spec, spec);
  });
  afterAll(() => example.remove());

  it('restores the exact prior state of an upsert run, and refuses to do it twice', () => {
    const first = run();
    expect(first?.written).toBe(56);
    const afterFirst = dump();
    crm(`UPDATE customers SET email = 'changed@example.com', updated_at = '2027-01-01T00:00:00Z' WHERE id IN (1, 2);
      INSERT INTO customers VALUES (60, 'C-00060', 'Ada Lovelace', NULL, NULL, 'London', NULL, 'United Kingdom',
        NULL, 'ada@example.org', '01/02/2024', '2027-01-02T00:00:00Z');`);
    const second = run();
    expect(second?.written).toBe(3);
    expect(dump()).not.toBe(afterFirst);

    const preview = rollback(second?.id ?? '', '--dry-run', '--json');
    expect(preview.status).toBe(0);
    expect(JSON.parse(preview.stdout)).toMatchObject({ records: 3, conflicts: 0, refused: false });
    expect(dump()).not.toBe(afterFirst);

    const done = rollback(second?.id ?? '');
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('restores 3 records');
    expect(dump()).toBe(afterFirst);

    // Now the rows are no longer what run 2 wrote: a second rollback would overwrite newer state.
    const again = rollback(second?.id ?? '');
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('3 records changed again after the run; nothing was changed');
    expect(dump()).toBe(afterFirst);
  });

  it('refuses when a record changed after the run, and --force rolls back anyway', () => {
    const db = new Database(erp());
    db.prepare("UPDATE clients SET phone = '+47 000' WHERE client_no = 'C-00010'").run();
    db.close();
    const refused = rollback('run-000001');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('["C-00010"]: changed since the run: phone');
    const forced = rollback('run-000001', '--force');
    expect(forced.status).toBe(0);
    // Run 1 inserted every client: rolling it back leaves the table as it was before, empty.
    expect(dump()).toBe('');
  });

  it('says clearly when a run has no journal', () => {
    const invoices = runCli(['run', 'invoices-to-finance', '--json', '--spec', example.spec]);
    const id = (JSON.parse(invoices.stdout) as { runs: { id: string }[] }).runs[0]?.id ?? '';
    const result = rollback(id);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `error [no-journal]: run ${id} of flow invoices-to-finance has no journal`,
    );
    expect(rollback('run-999999').stderr).toContain('error [run-not-found]');
  });
});
