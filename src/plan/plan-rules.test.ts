import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ColumnShape, SystemSnapshot, TableShape } from '../core/table-shape.js';
import type { TableProfile } from '../profile/column-profile.js';
import { type Spec, specSchema } from '../spec/schema.js';
import { checkPlan } from './check-plan.js';
import type { PlanEvidence } from './plan-rule.js';
import { planRules } from './plan-rules.js';

/**
 * Every readiness rule, both ways: the complete spec (a fixture that follows the guide) passes
 * all of them; each case changes one thing and expects exactly that rule's finding.
 */

const complete = parse(readFileSync('test/fixtures/plan/complete/syncline.yaml', 'utf8')) as Record<
  string,
  unknown
>;
const profile = (table: string) => ({ system: 'crm', table, columns: [] }) as unknown as TableProfile;
const evidence: PlanEvidence = {
  profiles: new Map([
    ['crm.customers', profile('customers')],
    ['crm.invoices', profile('invoices')],
  ]),
  testedFlows: new Set(['customers-to-erp', 'invoices-to-finance']),
  throughput: new Map(),
};

/** Discovery snapshots that agree with the complete spec's mapping (SL303–SL307 find nothing). */
const column = (name: string, type: string, more: Partial<ColumnShape> = {}): ColumnShape => ({
  name,
  type,
  nullable: true,
  hasDefault: false,
  ...more,
});
const table = (name: string, columns: ColumnShape[], primaryKey: string[] = []): TableShape => ({
  name,
  kind: 'table',
  columns,
  primaryKey,
});
const snapshot = (system: string, tables: TableShape[]): SystemSnapshot => ({
  version: 1,
  system,
  kind: 'sqlite',
  discoveredAt: '2026-01-01T00:00:00.000Z',
  tables,
});
const customers = table('customers', [
  column('id', 'INTEGER', { nullable: false, hasDefault: true }),
  column('customer_no', 'VARCHAR(12)', { nullable: false, maxLength: 12 }),
  column('email', 'VARCHAR(80)', { maxLength: 80 }),
  column('updated_at', 'DATETIME'),
]);
const invoices = table('invoices', [column('id', 'INTEGER'), column('total', 'NUMERIC(10,2)')]);
const clientColumns = [
  column('client_no', 'VARCHAR(12)', { nullable: false, maxLength: 12 }),
  column('email', 'VARCHAR(80)', { maxLength: 80 }),
  column('visits', 'INTEGER'),
  column('created_on', 'DATETIME', { nullable: false, hasDefault: true }),
];
const withClients = (columns: ColumnShape[]) =>
  new Map([
    ['crm', snapshot('crm', [customers, invoices])],
    ['erp', snapshot('erp', [table('CLIENTS', columns, ['client_no'])])],
  ]);
const snapshots = withClients(clientColumns);

const locate = Object.assign((_path: readonly (string | number)[]) => ({ line: 1, col: 1 }), {
  file: 'spec.yaml',
});

// biome-ignore lint/suspicious/noExplicitAny: test mutations reach anywhere in the spec
type Raw = Record<string, any>;
function check(change: (spec: Raw) => void = () => {}, more: Partial<PlanEvidence> = {}) {
  const raw = structuredClone(complete) as Raw;
  change(raw);
  const spec: Spec = specSchema.parse(raw);
  return checkPlan({ spec, evidence: { ...evidence, ...more } }, locate);
}
const codes = (change: (spec: Raw) => void, more: Partial<PlanEvidence> = {}) =>
  check(change, more).findings.map((f) => `${f.code} ${f.path}`);

const cases: Record<string, { change: (spec: Raw) => void; more?: Partial<PlanEvidence>; expect: string[] }> =
  {
    SL101: { change: (s) => delete s.systems.erp.owner, expect: ['SL101 systems.erp'] },
    SL102: { change: (s) => delete s.systems.finance.auth, expect: ['SL102 systems.finance'] },
    SL103: { change: (s) => delete s.systems.crm.volume, expect: ['SL103 systems.crm'] },
    SL104: {
      change: () => {},
      more: { profiles: new Map([['crm.customers', profile('customers')]]) },
      expect: ['SL104 flows.invoices-to-finance.from'],
    },
    SL105: {
      change: (s) => delete s.flows['invoices-to-finance'].entity,
      expect: ['SL105 flows.invoices-to-finance'],
    },
    SL201: {
      change: (s) => delete s.flows['customers-to-erp'].trigger.schedule,
      expect: ['SL201 flows.customers-to-erp'],
    },
    SL202: { change: (s) => delete s.flows['invoices-to-finance'].volume, expect: [] },
    SL203: {
      change: (s) => delete s.flows['customers-to-erp'].errors.retry,
      expect: ['SL203 flows.customers-to-erp.errors'],
    },
    SL204: {
      change: (s) => {
        s.systems.erp2 = { ...s.systems.erp };
        s.systems.erp3 = { ...s.systems.erp };
        for (const [name, from, to] of [
          ['a', 'erp', 'erp2'],
          ['b', 'erp2', 'erp3'],
          ['c', 'erp3', 'finance'],
        ] as const)
          s.flows[name] = {
            ...s.flows['invoices-to-finance'],
            fields: undefined,
            from: { system: from, table: 't' },
            to: { system: to, table: 't' },
          };
      },
      more: {
        profiles: new Map([
          ...evidence.profiles,
          ...['erp', 'erp2', 'erp3'].map((n) => [`${n}.t`, profile('t')] as const),
        ]),
        testedFlows: new Set(['customers-to-erp', 'invoices-to-finance', 'a', 'b', 'c']),
      },
      expect: ['SL204 flows'],
    },
    SL205: {
      change: (s) => (s.flows['customers-to-erp'].trigger = { webhook: '/hooks/customers' }),
      expect: ['SL205 flows.customers-to-erp.trigger.webhook'],
    },
    SL206: {
      change: (s) => (s.flows['customers-to-erp'].monitoring.freshness = '5m'),
      expect: ['SL206 flows.customers-to-erp.trigger.schedule'],
    },
    SL207: {
      change: (s) => (s.systems.crm.connection.password = 'hunter2'),
      expect: ['SL207 systems.crm.connection.password'],
    },
    SL301: {
      change: (s) =>
        (s.flows['erp-to-erp'] = {
          ...s.flows['customers-to-erp'],
          from: { system: 'finance', file: 'clients.csv' },
          fields: [{ from: 'mail', to: 'email' }],
        }),
      more: {
        testedFlows: new Set([...evidence.testedFlows, 'erp-to-erp']),
        profiles: new Map([...evidence.profiles, ['finance.clients.csv', profile('c')]]),
      },
      expect: ['SL301 flows.erp-to-erp.fields[0]'],
    },
    SL302: {
      change: (s) => s.flows['customers-to-erp'].fields.push({ from: 'limit', to: 'credit_limit' }),
      expect: ['SL302 flows.customers-to-erp.fields[2]'],
    },
    SL303: {
      change: (s) => (s.flows['customers-to-erp'].fields[1].from = 'emial'),
      more: { snapshots },
      expect: ['SL303 flows.customers-to-erp.fields[1].from'],
    },
    SL304: {
      change: (s) => (s.flows['customers-to-erp'].fields[1].to = 'e_mail'),
      more: { snapshots },
      expect: ['SL304 flows.customers-to-erp.fields[1].to'],
    },
    SL305: {
      change: () => {},
      more: {
        snapshots: withClients([...clientColumns, column('country', 'CHAR(2)', { nullable: false })]),
      },
      expect: ['SL305 flows.customers-to-erp.fields'],
    },
    SL306: {
      change: (s) => s.flows['customers-to-erp'].fields.push({ from: 'customer_no', to: 'visits' }),
      more: { snapshots },
      expect: ['SL306 flows.customers-to-erp.fields[2]'],
    },
    SL307: {
      change: () => {},
      more: {
        snapshots: withClients(clientColumns.map((c) => (c.name === 'email' ? { ...c, maxLength: 40 } : c))),
      },
      expect: ['SL307 flows.customers-to-erp.fields[1]'],
    },
    SL401: {
      change: () => {},
      more: { testedFlows: new Set(['customers-to-erp']) },
      expect: ['SL401 flows.invoices-to-finance'],
    },
    SL402: {
      change: () => {},
      more: { throughput: new Map([['customers-to-erp', 40]]) },
      expect: ['SL402 flows.customers-to-erp'],
    },
    SL501: {
      change: (s) => delete s.flows['invoices-to-finance'].monitoring.freshness,
      expect: ['SL501 flows.invoices-to-finance'],
    },
    SL502: {
      change: (s) => delete s.flows['invoices-to-finance'].history,
      expect: ['SL502 flows.invoices-to-finance'],
    },
    SL503: {
      change: (s) => delete s.flows['invoices-to-finance'].rollbackPlan,
      expect: ['SL503 flows.invoices-to-finance'],
    },
  };

describe('plan rules', () => {
  it('find nothing in a spec that follows the guide: 100% ready in every step', () => {
    const plan = check();
    expect(plan.findings).toEqual([]);
    expect(plan.readiness.map((r) => r.percent)).toEqual([100, 100, 100, 100, 100]);
  });

  it('find nothing in it either when discovery snapshots of its systems agree with the mapping', () => {
    const plan = check(() => {}, { snapshots });
    expect(plan.findings).toEqual([]);
    expect(plan.readiness.map((r) => r.percent)).toEqual([100, 100, 100, 100, 100]);
  });

  it('SL303–SL307 name the table, the field and what is wrong', () => {
    const messages = (change: (spec: Raw) => void, more: Partial<PlanEvidence>) =>
      check(change, more).findings.map((f) => f.message);
    expect(messages((s) => (s.flows['customers-to-erp'].fields[1].from = 'e_mail'), { snapshots })).toEqual([
      'flow "customers-to-erp" reads "e_mail", but crm table "customers" has no such field (did you mean "email"?)',
    ]);
    expect(
      messages(() => {}, {
        snapshots: withClients([...clientColumns, column('country', 'CHAR(2)', { nullable: false })]),
      }),
    ).toEqual([
      'flow "customers-to-erp" leaves erp table "CLIENTS" column "country" empty, but it is NOT NULL without a default',
    ]);
    expect(
      messages((s) => s.flows['customers-to-erp'].fields.push({ from: 'customer_no', to: 'visits' }), {
        snapshots,
      }),
    ).toEqual([
      'flow "customers-to-erp" writes text values from "customer_no" into erp table "CLIENTS" column "visits" (INTEGER, integer)',
    ]);
  });

  it('SL305 knows what a flow copying by name writes, and skips updates', () => {
    const required = withClients([...clientColumns, column('country', 'CHAR(2)', { nullable: false })]);
    // The source has customer_no, not client_no: copied by name, neither required column is filled.
    expect(
      check((s) => delete s.flows['customers-to-erp'].fields, { snapshots: required }).findings.map(
        (f) => `${f.code} ${f.path} ${f.message}`,
      ),
    ).toEqual([
      'SL305 flows.customers-to-erp.to flow "customers-to-erp" leaves erp table "CLIENTS" column "client_no" empty, but it is NOT NULL without a default',
      'SL305 flows.customers-to-erp.to flow "customers-to-erp" leaves erp table "CLIENTS" column "country" empty, but it is NOT NULL without a default',
    ]);
    expect(codes((s) => (s.flows['customers-to-erp'].to.mode = 'update'), { snapshots: required })).toEqual(
      [],
    );
  });

  it('SL307 takes the longest text a sampled file showed as its length', () => {
    const sampled = table('customers', [
      ...customers.columns.filter((c) => c.name !== 'email'),
      column('email', 'text', { longest: 95 }),
    ]);
    const found = check(() => {}, {
      snapshots: new Map([...snapshots, ['crm', snapshot('crm', [sampled, invoices])]]),
    }).findings;
    expect(found.map((f) => `${f.code} ${f.message}`)).toEqual([
      'SL307 flow "customers-to-erp" writes "email" (texts of 95 characters seen) into erp table "CLIENTS" column "email", which holds 80',
    ]);
  });

  it('SL306 and SL307 stay quiet when a transform or the fit policy takes care', () => {
    const textIntoNumber = (transform: string) => (s: Raw) =>
      s.flows['customers-to-erp'].fields.push({ from: 'customer_no', to: 'visits', transform });
    expect(codes(textIntoNumber('trim | parse-number'), { snapshots })).toEqual([]);
    expect(codes(textIntoNumber('cel("size(value)")'), { snapshots })).toEqual([]);
    expect(codes(textIntoNumber('trim'), { snapshots })).toEqual(['SL306 flows.customers-to-erp.fields[2]']);
    const narrow = {
      snapshots: withClients(clientColumns.map((c) => (c.name === 'email' ? { ...c, maxLength: 40 } : c))),
    };
    expect(codes((s) => (s.flows['customers-to-erp'].fit = { tooLong: 'truncate' }), narrow)).toEqual([]);
    expect(
      codes(
        (s) => (s.flows['customers-to-erp'].fit = { columns: { email: { tooLong: 'truncate' } } }),
        narrow,
      ),
    ).toEqual([]);
    expect(
      codes((s) => (s.flows['customers-to-erp'].fields[1].transform = 'trim | truncate(40)'), narrow),
    ).toEqual([]);
    expect(codes((s) => (s.flows['customers-to-erp'].fields[1].transform = 'pad(90)'), narrow)).toEqual([]);
  });

  it('have a case for every rule, and unique codes', () => {
    expect(Object.keys(cases).sort()).toEqual(planRules.map((r) => r.code).sort());
    expect(new Set(planRules.map((r) => r.code)).size).toBe(planRules.length);
  });

  it.each(Object.entries(cases))('%s finds what it is about, and only that', (code, c) => {
    const found = codes(c.change, c.more);
    if (code === 'SL202') {
      // monitoring.expected still states a volume; without both, the flow's volume is unknown.
      expect(found).toEqual([]);
      expect(
        codes((s) => {
          delete s.flows['invoices-to-finance'].volume;
          delete s.flows['invoices-to-finance'].monitoring.expected;
        }).filter((f) => f.startsWith('SL202')),
      ).toEqual(['SL202 flows.invoices-to-finance']);
      return;
    }
    expect(found.filter((f) => f.startsWith(code))).toEqual(c.expect);
    // SL207 leaves the rest alone; SL205's webhook and SL301's extra flow touch nothing else either.
    expect(found.filter((f) => !f.startsWith(code))).toEqual([]);
  });

  it('SL401 also finds a flow whose last syncline test failed', () => {
    expect(codes(() => {}, { failedTests: new Map([['customers-to-erp', 3]]) })).toEqual([
      'SL401 flows.customers-to-erp',
    ]);
  });

  it('reports readiness per step with the missing items', () => {
    const plan = check((s) => {
      delete s.systems.erp.owner;
      delete s.flows['invoices-to-finance'].history;
    });
    const [discovery, , , , goLive] = plan.readiness;
    expect(discovery).toMatchObject({ percent: 92, missing: ['SL101 system "erp" has no owner'] });
    expect(goLive?.percent).toBe(83);
    expect(goLive?.missing[0]).toMatch(
      /^SL502 flow "invoices-to-finance" has no decision on historical data/,
    );
    expect([plan.errors, plan.warnings]).toEqual([1, 1]);
  });

  it('SL302 and SL301 stay quiet when the owner writes or a conflict policy is set', () => {
    expect(codes((s) => s.flows['customers-to-erp'].fields.push({ from: 'x', to: 'name' }))).toEqual([]);
    const twoWriters = cases.SL301;
    const withPolicy = codes((s) => {
      twoWriters?.change(s);
      s.entities.customer.conflict = 'last-write-wins';
    }, twoWriters?.more);
    expect(withPolicy).toEqual([]);
  });
});
