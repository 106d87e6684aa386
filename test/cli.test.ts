import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../src/observe/review-schedule.js';
import { runCli } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

describe('syncline validate', () => {
  it('reports all five mistakes of a spec at once, with file:line:col, and exits 2', () => {
    const fixture = path.resolve('test/fixtures/spec/five-mistakes.yaml');
    const result = runCli(['validate', '--spec', fixture]);
    expect(result.status).toBe(2);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith(fixture));
    const found = lines.map((line) =>
      line
        .slice(fixture.length)
        .match(/^:(\d+):(\d+) (\S+):/)
        ?.slice(1),
    );
    // Other problems may be reported too (a connector kind this build lacks); these five must be.
    expect(found).toEqual(
      expect.arrayContaining([
        ['4', '3', 'project.ownr'],
        ['9', '12', 'systems.crm.connection.url'],
        ['17', '19', 'flows.customers-to-erp.to.system'],
        ['18', '26', 'flows.customers-to-erp.trigger.schedule'],
        ['21', '46', 'flows.customers-to-erp.fields[1].transform'],
      ]),
    );
    expect(result.stderr).toContain('did you mean "owner"?');
    expect(result.stderr).toContain('did you mean "erp"?');
    expect(result.stderr).toContain('unknown transform "lowr"');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stdout).toBe('');
  });

  it('prints problems as JSON with --json', () => {
    const result = runCli(['validate', '--json', '--spec', 'test/fixtures/spec/five-mistakes.yaml']);
    expect(result.status).toBe(2);
    const body = JSON.parse(result.stdout) as { ok: boolean; problems: { code: string }[] };
    expect(body.ok).toBe(false);
    expect(body.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining([
        'unknown-key',
        'literal-secret',
        'unknown-system',
        'bad-cron',
        'unknown-transform',
      ]),
    );
  });

  it('a missing spec file is a usage error that says what to do', () => {
    const result = runCli(['validate', '--spec', 'does/not/exist.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('does/not/exist.yaml:1:1');
    expect(result.stderr).toContain('syncline init');
  });
});

describe('a starter project, end to end', () => {
  let work: ReturnType<typeof makeTempDir>;
  let spec: string;
  beforeAll(() => {
    work = makeTempDir('cli');
    spec = path.join(work.dir, 'syncline.yaml');
  });
  afterAll(() => work.remove());

  it('init creates a project that validates', () => {
    const init = runCli(['init', work.dir]);
    expect(init.status).toBe(0);
    expect(runCli(['init', work.dir]).status).toBe(2);
    const validate = runCli(['validate', '--json', '--spec', spec]);
    expect(validate.status).toBe(0);
    const body = JSON.parse(validate.stdout) as { flows: { name: string; from: string; to: string }[] };
    expect(body.flows).toEqual([
      expect.objectContaining({ name: 'contacts-to-mailing', from: 'contacts-export', to: 'mailing-tool' }),
    ]);
    expect(JSON.parse(readFileSync(path.join(work.dir, 'syncline.schema.json'), 'utf8'))).toHaveProperty(
      'properties',
    );
  });

  it('run writes the valid rows and dead-letters the bad one; a second run reads nothing new', () => {
    const first = runCli(['run', '--json', '--spec', spec]);
    expect(first.status).toBe(0);
    const [run] = (
      JSON.parse(first.stdout) as { runs: { read: number; written: number; deadLettered: number }[] }
    ).runs;
    expect(run).toMatchObject({ read: 6, written: 5, deadLettered: 1 });
    expect(runCli(['run', '--strict', '--spec', spec]).status).toBe(0);
    const again = JSON.parse(runCli(['run', '--json', '--spec', spec]).stdout) as {
      runs: { read: number }[];
    };
    expect(again.runs[0]?.read).toBe(0);
  });

  it('an unknown flow name is a usage error with a suggestion', () => {
    const result = runCli(['run', 'contacts-to-mailng', '--spec', spec]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('did you mean "contacts-to-mailing"?');
  });

  it('dead letters can be listed, shown, and replayed through a fixed mapping', () => {
    const list = JSON.parse(runCli(['dead-letters', 'list', '--json', '--spec', spec]).stdout) as {
      deadLetters: { id: string; code: string; field: string; stage: string }[];
    };
    expect(list.deadLetters).toHaveLength(1);
    const [letter] = list.deadLetters;
    expect(letter).toMatchObject({ code: 'bad-email', field: 'email', stage: 'validate' });
    const show = runCli(['dead-letters', 'show', letter?.id ?? '', '--spec', spec]);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('bjorn.hansen(at)yahoo.no');

    expect(runCli(['dead-letters', 'discard', letter?.id ?? '', '--spec', spec]).status).toBe(2);

    const csv = runCli(['dead-letters', 'export', '--spec', spec]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(
      'id,flow,run,status,stage,code,field,message,key,attempts,created,record,resolved,resolved_by,resolution',
    );
    expect(csv.stdout).toContain('bjorn.hansen(at)yahoo.no');
    const jsonl = runCli(['dead-letters', 'export', '--format', 'jsonl', '--spec', spec])
      .stdout.trim()
      .split('\n');
    expect(jsonl.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([letter?.id]);

    // Replaying through the unchanged mapping fails again and keeps the record open.
    const failing = runCli(['dead-letters', 'replay', letter?.id ?? '', '--spec', spec]);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('0 replayed, 1 still failing');

    // The project decides to accept the address as it is and to fix it in the mailing tool.
    const text = readFileSync(spec, 'utf8').replace(
      'validate: [required, email] }',
      'validate: [required, email], onInvalid: warn }',
    );
    writeFileSync(spec, text);
    const fixed = runCli(['dead-letters', 'replay', '--flow', 'contacts-to-mailing', '--spec', spec]);
    expect(fixed.stderr).toBe('');
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toContain('1 replayed, 0 still failing');
    const people = readFileSync(path.join(work.dir, 'output', 'people.csv'), 'utf8');
    expect(people).toContain('Bjørn,Hansen,bjorn.hansen(at)yahoo.no');
    expect(people.trim().split('\n')).toHaveLength(7);

    const open = JSON.parse(runCli(['dead-letters', 'list', '--json', '--spec', spec]).stdout) as {
      deadLetters: unknown[];
    };
    expect(open.deadLetters).toHaveLength(0);
    const all = JSON.parse(
      runCli(['dead-letters', 'list', '--status', 'all', '--json', '--spec', spec]).stdout,
    ) as {
      deadLetters: { status: string; attempts: number }[];
    };
    expect(all.deadLetters).toEqual([expect.objectContaining({ status: 'replayed', attempts: 2 })]);
  });

  it('status shows the last run of each flow', () => {
    const status = runCli(['status', '--spec', spec]);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/contacts-to-mailing\s+live\s+run-\d+\s+succeeded/);
  });

  it('status shows when the next health review is due, and when it is overdue', () => {
    const statusJson = () =>
      JSON.parse(runCli(['status', '--json', '--spec', spec]).stdout) as {
        review: { schedule: { every: string; nextDue: string; goLive: string }; overdue: boolean };
      };
    const { review } = statusJson();
    expect(review.overdue).toBe(false);
    // Go-live is the first successful run; the first review is due a month later.
    expect(review.schedule.nextDue).toBe(addMonths(new Date(review.schedule.goLive), 1).toISOString());
    const status = runCli(['status', '--spec', spec]);
    expect(status.stdout).toContain(
      `next health review due ${review.schedule.nextDue.slice(0, 10)} (monthly for 3 months after go-live, then quarterly)`,
    );

    // The runs moved 100 days back, no review written since: the first review is overdue.
    const longAgo = new Date(Date.now() - 100 * 86_400_000).toISOString();
    const db = new Database(path.join(work.dir, '.syncline', 'state.db'));
    db.prepare('UPDATE runs SET started_at = ?, finished_at = ?').run(longAgo, longAgo);
    db.close();
    const overdue = runCli(['status', '--spec', spec]);
    expect(overdue.status).toBe(0);
    const due = addMonths(new Date(longAgo), 1).toISOString().slice(0, 10);
    expect(overdue.stdout).toContain(`health review overdue: it was due ${due} — run syncline review`);
    expect(statusJson().review).toMatchObject({ overdue: true, schedule: { goLive: longAgo } });
  });
});
