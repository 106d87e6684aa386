import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { checkReferences } from './check-references.js';
import { createLocator } from './create-locator.js';

function check(lines: string[]) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.join('\n'), { lineCounter });
  const problems = checkReferences(doc.toJS(), createLocator('spec.yaml', doc, lineCounter));
  return problems.map((p) => ({
    at: `${p.line}:${p.col}`,
    path: p.path,
    code: p.code,
    message: p.message,
    hint: p.hint,
  }));
}

const head = [
  'version: 1', //                                                 1
  'project: { name: p }', //                                       2
  'systems:', //                                                   3
  '  crm: { kind: postgres }', //                                  4
  '  erp: { kind: mysql }', //                                     5
  '  board-pack: { kind: manual }', //                             6
];

describe('checkReferences', () => {
  it('finds nothing wrong in consistent sections', () => {
    expect(
      check([
        ...head,
        'entities:',
        '  customer: { key: id, sourceOfTruth: crm, fields: { credit_limit: erp } }',
        'alerts:',
        '  ops: { kind: email, to: ops@example.com }',
        'flows:',
        '  a: { entity: customer, from: { system: crm }, to: { system: erp }, errors: { alert: [ops] } }',
        '  b: { from: { system: erp }, to: { system: crm }, trigger: { after: a } }',
      ]),
    ).toEqual([]);
  });

  it('reports flows that name systems that do not exist, with a suggestion', () => {
    expect(check([...head, 'flows:', '  f: { from: { system: crn }, to: { system: warehouse } }'])).toEqual([
      {
        at: '8:24',
        path: 'flows.f.from.system',
        code: 'unknown-system',
        message: 'there is no system "crn" under systems',
        hint: 'did you mean "crm"?',
      },
      {
        at: '8:45',
        path: 'flows.f.to.system',
        code: 'unknown-system',
        message: 'there is no system "warehouse" under systems',
        hint: 'declare it under systems:, or use one of crm, erp, board-pack',
      },
    ]);
  });

  it('reports a flow that reads or writes a manual system', () => {
    const [problem] = check([
      ...head,
      'flows:',
      '  f: { from: { system: crm }, to: { system: board-pack } }',
    ]);
    expect(problem).toMatchObject({
      at: '8:45',
      code: 'manual-system',
      message:
        '"board-pack" is a manual system: manual systems take part in the plan but cannot be read or written',
    });
  });

  it('reports unknown owners of entities and fields', () => {
    const problems = check([
      ...head,
      'entities:',
      '  customer: { key: id, sourceOfTruth: crmm, fields: { limit: fin } }',
    ]);
    expect(problems.map((p) => [p.at, p.path, p.code, p.hint])).toEqual([
      ['8:39', 'entities.customer.sourceOfTruth', 'unknown-system', 'did you mean "crm"?'],
      [
        '8:62',
        'entities.customer.fields.limit',
        'unknown-system',
        'declare it under systems:, or use one of crm, erp, board-pack',
      ],
    ]);
  });

  it('checks the alert channels of monitoring: too', () => {
    const problems = check([
      ...head,
      'alerts: { ops: { kind: slack } }',
      'flows:',
      '  f: { from: { system: crm }, to: { system: erp }, monitoring: { alert: [ops, pagr] } }',
    ]);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['flows.f.monitoring.alert[1]', 'unknown-alert-channel'],
    ]);
  });

  it('reports unknown entities, alert channels and flows', () => {
    const problems = check([
      ...head,
      'alerts: { ops: { kind: slack } }',
      'flows:',
      '  f:',
      '    entity: customer',
      '    from: { system: crm }',
      '    to: { system: erp }',
      '    errors: { alert: [ops, opz, pager] }',
      '    trigger: { after: nightly }',
    ]);
    expect(problems.map((p) => [p.at, p.path, p.code, p.message, p.hint])).toEqual([
      [
        '10:13',
        'flows.f.entity',
        'unknown-entity',
        'there is no entity "customer" under entities',
        'declare it under entities:',
      ],
      [
        '13:28',
        'flows.f.errors.alert[1]',
        'unknown-alert-channel',
        'there is no alert channel "opz" under alerts',
        'did you mean "ops"?',
      ],
      [
        '13:33',
        'flows.f.errors.alert[2]',
        'unknown-alert-channel',
        'there is no alert channel "pager" under alerts',
        'declare it under alerts:, or use one of ops',
      ],
      [
        '14:23',
        'flows.f.trigger.after',
        'unknown-flow',
        'there is no flow "nightly" under flows',
        'declare it under flows:, or use one of f',
      ],
    ]);
  });

  it('reports a flow with both a mapping sheet and fields', () => {
    const [problem] = check([
      ...head,
      'flows:',
      '  f: { from: { system: crm }, to: { system: erp }, mapping: f.csv, fields: [{ from: a, to: b }] }',
    ]);
    expect(problem).toMatchObject({ at: '8:61', path: 'flows.f.mapping', code: 'mapping-and-fields' });
  });

  it('checks what it can of a spec the schema rejected, and skips what has the wrong type', () => {
    const problems = check([
      'systems:',
      '  crm: { kind: postgres }',
      'entities: [customer]',
      'flows:',
      '  f: { entity: customer, from: { system: 5 }, to: { system: erp } }',
      '  g: wrong',
    ]);
    expect(problems.map((p) => [p.path, p.code])).toEqual([['flows.f.to.system', 'unknown-system']]);
    expect(check(['systems: 5', 'flows: { f: { from: { system: crm } } }'])).toEqual([]);
    expect(check(['just text'])).toEqual([]);
  });
});
