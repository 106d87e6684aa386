import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, withoutChromium } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { copyExample } from '../support/example-copy.js';

/**
 * The parallel run on the quick start: the old process's output (the baseline) is built from
 * a real run's ERP table, then 7 differences are planted in it: 3 changed values, 2 rows the
 * old process never wrote (missing), 2 rows only it wrote (extra). The compare must report
 * exactly those 7; two trivial differences (a trailing space, letter case) count only until
 * the spec tolerates them; cut-over is refused until compares are clean and the plan is, then
 * allowed. The HTML report is rendered in headless Chromium and kept in test-artifacts/.
 */

const artifacts = path.resolve('test-artifacts');
const demo = copyExample('quick-start');
const flow = 'customers-to-erp';
const operator = { SYNCLINE_OPERATOR: 'release-manager' };
let browser: Browser;

const cli = (...args: string[]) => runCli([...args, '--spec', demo.spec], demo.dir, operator);
const editSpec = (edit: (text: string) => string) =>
  writeFileSync(demo.spec, edit(readFileSync(demo.spec, 'utf8')));
const legacy = (sql: string) => {
  const db = new Database(path.join(demo.dir, 'work/legacy.db'));
  db.exec(sql);
  db.close();
};

interface CompareJson {
  id: string;
  matched: number;
  differing: number;
  missing: number;
  extra: number;
  rejected: number;
  clean: boolean;
  fieldDifferences: Record<string, number>;
  differences: {
    kind: string;
    key: unknown[];
    fields: { field: string; fresh: unknown; baseline: unknown }[];
  }[];
  report: string;
}

const compare = (...flags: string[]) => {
  const result = cli('compare', flow, '--json', '--show', '100', ...flags);
  expect(result.stderr).toBe('');
  return { status: result.status, json: JSON.parse(result.stdout) as CompareJson };
};

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  expect(cli('run').status).toBe(0);
  // The baseline: what the "old process" wrote, a copy of the real run's client table.
  copyFileSync(path.join(demo.dir, 'work/erp.db'), path.join(demo.dir, 'work/legacy.db'));
  editSpec((text) =>
    text
      .replace(
        '  finance:\n',
        '  legacy:\n    kind: sqlite\n    owner: finance-it@example.com\n    connection: { path: work/legacy.db }\n  finance:\n',
      )
      .replace(
        '    onInvalid: dead-letter\n    # Letters',
        '    onInvalid: dead-letter\n    compare: { baseline: legacy.clients }\n    # Letters',
      ),
  );
  legacy(`
    UPDATE clients SET email = 'old.address@example.com' WHERE client_no = 'C-00005';
    UPDATE clients SET phone = '+420 000 000 000' WHERE client_no = 'C-00010';
    UPDATE clients SET country_code = 'XX' WHERE client_no = 'C-00020';
    DELETE FROM clients WHERE client_no IN ('C-00007', 'C-00008');
    INSERT INTO clients (client_no, crm_id, first_name, last_name, email, country_code)
      VALUES ('C-09998', 9998, 'Old', 'Only', 'old.only@example.com', 'US'),
             ('C-09999', 9999, 'Also', 'Old', 'also.old@example.com', 'GB');
    UPDATE clients SET last_name = last_name || ' ' WHERE client_no = 'C-00030';
    UPDATE clients SET email = upper(email) WHERE client_no = 'C-00031';`);
  if (!withoutChromium) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  demo.remove();
});

describe('syncline compare on the quick start', () => {
  it('reports the trivial differences while no tolerance is set', () => {
    const { status, json } = compare();
    expect(status).toBe(1);
    expect(json).toMatchObject({ differing: 5, missing: 2, extra: 2, clean: false });
    expect(json.fieldDifferences).toEqual({ email: 2, phone: 1, country_code: 1, last_name: 1 });
  });

  it('with trim and case-insensitive email in the spec, reports exactly the 7 planted differences', () => {
    editSpec((text) =>
      text.replace(
        'compare: { baseline: legacy.clients }',
        'compare: { baseline: legacy.clients, trim: true, caseInsensitive: [email] }',
      ),
    );
    const { status, json } = compare();
    expect(status).toBe(1);
    // 56 written by the real run: 2 never reached the baseline, 3 differ, the rest match.
    expect(json).toMatchObject({
      matched: 51,
      differing: 3,
      missing: 2,
      extra: 2,
      rejected: 3,
      clean: false,
    });
    const found = json.differences.map((d) => [d.kind, d.key[0], d.fields]);
    expect(found).toEqual([
      [
        'differs',
        'C-00005',
        [{ field: 'email', fresh: 'frantisekw@jetbrains.com', baseline: 'old.address@example.com' }],
      ],
      ['missing', 'C-00007', []],
      ['missing', 'C-00008', []],
      ['differs', 'C-00010', [{ field: 'phone', fresh: '+55 (11) 3033-5446', baseline: '+420 000 000 000' }]],
      ['differs', 'C-00020', [{ field: 'country_code', fresh: 'US', baseline: 'XX' }]],
      ['extra', 'C-09998', []],
      ['extra', 'C-09999', []],
    ]);
    const csv = readFileSync(path.join(demo.dir, json.report, 'differences.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('key,field,new value,baseline value,kind');
    expect(csv).toHaveLength(8);
    expect(csv).toContain('C-00020,country_code,"""US""","""XX""",differs');
  });

  it('the HTML report renders in headless Chromium with the summary, field counts and both values', async (context) => {
    // The compare runs either way: the cutover tests below count the compares made so far.
    const { json } = compare();
    if (withoutChromium) context.skip();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${path.join(demo.dir, json.report, 'report.html')}`);
    expect(await page.$$eval('h2', (h) => h.map((e) => e.textContent))).toEqual([
      'Differences per field',
      'Differences',
      'Rejected by the new flow',
      'Tolerances and fields not compared',
    ]);
    expect(await page.locator('.verdict').textContent()).toBe('7 records differ from the old process');
    const rows = await page.$$eval('h2 + table tbody tr, h2 + p + table tbody tr', (trs) =>
      trs.map((tr) =>
        Array.from(
          tr.querySelectorAll('td'),
          (td) => (td as { textContent: string | null }).textContent?.trim() ?? '',
        ),
      ),
    );
    expect(rows).toContainEqual([
      'C-00005',
      'differs',
      'email',
      '"frantisekw@jetbrains.com"',
      '"old.address@example.com"',
    ]);
    expect(rows).toContainEqual(['email', '1', '']);
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: path.join(artifacts, 'compare-report.png'), fullPage: true });
    await page.close();
  });
});

describe('syncline cutover', () => {
  it('refuses while compares are not clean and the plan has errors, naming each blocker', () => {
    const result = cli('cutover', flow);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/cutover of customers-to-erp refused \(it stays parallel\)/);
    expect(result.stdout).toMatch(
      /compare cmp-000003 .* was not clean: 3 differing, 2 missing from the baseline, 2 extra/,
    );
    expect(result.stdout).toMatch(
      /plan error: \S*syncline\.yaml:\d+:\d+ SL502 error flows\.customers-to-erp/,
    );
    expect(cli('status').stdout).toMatch(/customers-to-erp\s+parallel/);
  });

  it('after the baseline agrees and the plan is fixed, three clean compares let it go live, audited', () => {
    legacy(`
      UPDATE clients SET email = 'frantisekw@jetbrains.com' WHERE client_no = 'C-00005';
      UPDATE clients SET phone = '+55 (11) 3033-5446' WHERE client_no = 'C-00010';
      UPDATE clients SET country_code = 'US' WHERE client_no = 'C-00020';
      DELETE FROM clients WHERE client_no IN ('C-09998', 'C-09999');`);
    const erp = new Database(path.join(demo.dir, 'work/erp.db'), { readonly: true });
    const missing = erp.prepare("SELECT * FROM clients WHERE client_no IN ('C-00007', 'C-00008')").all();
    erp.close();
    const db = new Database(path.join(demo.dir, 'work/legacy.db'));
    const columns = Object.keys(missing[0] as object);
    const insert = db.prepare(
      `INSERT INTO clients (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const row of missing) insert.run(...Object.values(row as object));
    db.close();
    // Two clean compares are not enough yet.
    expect(compare().json.clean).toBe(true);
    expect(compare().json.clean).toBe(true);
    let refused = cli('cutover', flow);
    expect(refused.status).toBe(1);
    expect(refused.stdout).not.toMatch(/compare cmp-00000[45]/);
    expect(refused.stdout).toMatch(/compare cmp-000003 .* was not clean/);
    const clean = compare();
    expect(clean).toMatchObject({
      status: 0,
      json: { clean: true, matched: 56, differing: 0, missing: 0, extra: 0 },
    });
    refused = cli('cutover', flow);
    expect(refused.stdout).not.toMatch(/compare cmp/);
    expect(refused.stdout).toMatch(/plan error: .*SL203/);
    editSpec((text) =>
      text
        .replace(
          'deadLetter: true }\n\n  invoices',
          'deadLetter: true, alert: [ops] }\n    monitoring: { expected: { perRun: [0, 100] }, freshness: 1h, alert: [ops] }\n    history: none\n    rollback: journal\n\n  invoices',
        )
        .concat('\nalerts:\n  ops: { kind: webhook, url: "https://alerts.example.com/hook" }\n'),
    );
    const done = cli('cutover', flow);
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(
      /customers-to-erp: parallel → live \(compares cmp-000006, cmp-000005, cmp-000004 clean/,
    );
    expect(done.status).toBe(0);
    expect(cli('status').stdout).toMatch(/customers-to-erp\s+live/);
    const history = JSON.parse(cli('stage', flow, '--json').stdout) as { stage: string; history: unknown[] };
    expect(history.stage).toBe('live');
    expect(history.history[0]).toMatchObject({ from: 'parallel', stage: 'live', by: 'release-manager' });
  }, 600_000);
});

describe('syncline stage', () => {
  it('needs a reason, refuses live without cutover, and records who moved the flow', () => {
    expect(cli('stage', flow, 'retired').stderr).toMatch(/say why with --reason/);
    expect(cli('stage', flow, 'paralel', '--reason', 'x').stderr).toMatch(/"paralel" is not a stage/);
    const moved = cli('stage', flow, 'retired', '--reason', 'the old process is switched off');
    expect(moved.stdout).toMatch(/customers-to-erp: live → retired \(by release-manager\)/);
    expect(cli('stage', flow, 'live', '--reason', 'back').stderr).toMatch(
      /syncline cutover customers-to-erp/,
    );
    expect(cli('cutover', flow).stdout).toMatch(/is retired: move it back first/);
  }, 300_000);
});
