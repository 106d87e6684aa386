import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { placeFieldsInSpec } from './place-fields-in-spec.js';

const fields = [
  { from: 'id', to: 'client_no' },
  { from: 'full_name', to: ['first_name', 'last_name'], transform: 'split-name', notes: 'two\nlines' },
  { value: 'USD', to: 'currency' },
];

describe('placeFieldsInSpec', () => {
  it('replaces mapping: with fields: and leaves every other byte alone', () => {
    const source = [
      '# The integration (comment kept)',
      'version: 1',
      'flows:',
      '  a:',
      '    from: { system: crm }   # odd spacing kept',
      '    mapping: mappings/a.xlsx  # edited by finance',
      '    onInvalid: warn',
      '',
      '  b: { from: { system: crm }, to: { system: erp } }',
      '',
    ].join('\n');
    const result = placeFieldsInSpec(source, 'a', fields);
    if (!result.ok) throw new Error(result.reason);
    expect(result.replaced).toBe('mapping');
    expect(result.text).toBe(
      [
        '# The integration (comment kept)',
        'version: 1',
        'flows:',
        '  a:',
        '    from: { system: crm }   # odd spacing kept',
        '    fields: # edited by finance',
        '      - { from: id, to: client_no }',
        '      - from: full_name',
        '        to: [first_name, last_name]',
        '        transform: split-name',
        '        notes: |-',
        '          two',
        '          lines',
        '      - { value: USD, to: currency }',
        '    onInvalid: warn',
        '',
        '  b: { from: { system: crm }, to: { system: erp } }',
        '',
      ].join('\n'),
    );
  });

  it('replaces an existing fields: list, keeping the comment after it', () => {
    const source = [
      'flows:',
      '  a:',
      '    fields:',
      '      - { from: old, to: old }',
      '    # about errors',
      '    errors: { deadLetter: true }',
    ].join('\n');
    const result = placeFieldsInSpec(source, 'a', [{ from: 'x', to: 'y', transform: 'trim | lower' }]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.replaced).toBe('fields');
    expect(result.text).toBe(
      [
        'flows:',
        '  a:',
        '    fields:',
        '      - { from: x, to: y, transform: "trim | lower" }',
        '    # about errors',
        '    errors: { deadLetter: true }',
      ].join('\n'),
    );
  });

  it('adds fields: to a flow that has neither, and rewrites a flow written as { }', () => {
    const added = placeFieldsInSpec('flows:\n  a:\n    from: { system: crm }\nalerts: {}\n', 'a', fields);
    if (!added.ok) throw new Error(added.reason);
    expect(added.replaced).toBe('nothing');
    expect(parse(added.text)).toEqual({ flows: { a: { from: { system: 'crm' }, fields } }, alerts: {} });
    const inline = placeFieldsInSpec('flows:\n  a: { from: { system: crm }, mapping: a.csv }\n', 'a', fields);
    if (!inline.ok) throw new Error(inline.reason);
    expect(parse(inline.text)).toEqual({ flows: { a: { from: { system: 'crm' }, fields } } });
  });

  it('refuses what it cannot do, saying why', () => {
    expect(placeFieldsInSpec('flows: {}\n', 'a', fields)).toEqual({
      ok: false,
      reason: 'there is no flow "a" under flows:',
    });
    expect(
      placeFieldsInSpec('flows:\n  a:\n    mapping: x.csv\n    fields: []\n', 'a', fields),
    ).toMatchObject({
      ok: false,
      reason: 'flow a has both mapping: and fields:; remove one first',
    });
  });
});

describe('placeFieldsInSpec writing values', () => {
  it('quotes what flow style needs quoted, and pads maps but not lists, as the examples do', () => {
    const source = 'flows:\n  a:\n    mapping: a.csv\n';
    const tricky = [
      { from: 'Last, First', to: ['first', 'last'], transform: 'split-name' },
      { from: 'a: b', to: 'x', extra: { owner: 'Finance IT', 'due date': 'Q3' } },
      { value: '=x "q"', to: 'y', validate: "pattern('^\\d+ \\w$')" },
      { value: null, to: 'z', default: [null, 'n/a'] },
    ];
    const result = placeFieldsInSpec(source, 'a', tricky);
    if (!result.ok) throw new Error(result.reason);
    expect(parse(result.text).flows.a.fields).toEqual(tricky);
    expect(result.text).toContain('- { from: "Last, First", to: [first, last], transform: split-name }');
    expect(result.text).toContain('extra: { owner: Finance IT, due date: Q3 } }');
    expect(result.text).toContain("validate: 'pattern(''^\\d+ \\w$'')'");
  });
});
