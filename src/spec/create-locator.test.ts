import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { createLocator, withMappingSheets } from './create-locator.js';

function locatorFor(lines: string[]) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.join('\n'), { lineCounter });
  return createLocator('spec.yaml', doc, lineCounter);
}

describe('createLocator', () => {
  const locate = locatorFor([
    'version: 1', //                                          1
    'project:', //                                            2
    '  name: Order-to-cash', //                               3
    '  owner:', //                                            4
    'flows:', //                                              5
    '  crm-to-erp:', //                                       6
    '    from: { system: crm }', //                           7
    '    fields:', //                                         8
    '      - { from: id, to: client_id }', //                 9
    '      - from: email', //                                 10
    '        transform: "trim | lowr"', //                    11
    'defaults: &defaults { batchSize: 10 }', //               12
    'alias: *defaults', //                                    13
  ]);

  it('points at the value of an existing path', () => {
    expect(locate(['version'])).toEqual({ line: 1, col: 10 });
    expect(locate(['project', 'name'])).toEqual({ line: 3, col: 9 });
    expect(locate(['flows', 'crm-to-erp', 'fields', 0, 'to'])).toEqual({ line: 9, col: 25 });
    expect(locate(['flows', 'crm-to-erp', 'fields', 1, 'transform'])).toEqual({ line: 11, col: 20 });
  });

  it('points at the key itself when asked, as for unknown keys', () => {
    expect(locate(['project', 'name'], 'key')).toEqual({ line: 3, col: 3 });
    expect(locate(['flows', 'crm-to-erp', 'from', 'system'], 'key')).toEqual({ line: 7, col: 13 });
  });

  it('points at the key of an empty value, which has no text of its own', () => {
    expect(locate(['project', 'owner'])).toEqual({ line: 4, col: 3 });
  });

  it('points at the nearest existing parent for a missing key', () => {
    expect(locate(['project', 'description'])).toEqual({ line: 2, col: 1 });
    expect(locate(['flows', 'crm-to-erp', 'to', 'system'])).toEqual({ line: 6, col: 3 });
    expect(locate(['flows', 'crm-to-erp', 'fields', 7])).toEqual({ line: 8, col: 5 });
    expect(locate(['flows', 'crm-to-erp', 'fields', 0, 'transform'])).toEqual({ line: 9, col: 9 });
  });

  it('follows aliases to their anchor', () => {
    expect(locate(['alias', 'batchSize'])).toEqual({ line: 12, col: 34 });
  });

  it('carries the file name and points at the start of an empty document', () => {
    const empty = locatorFor([]);
    expect(empty.file).toBe('spec.yaml');
    expect(empty(['version'])).toEqual({ line: 1, col: 1 });
  });

  it('sends the fields of a flow run from a sheet to the sheet, and keeps one-argument calls working', () => {
    const sheet = (rest: readonly (string | number)[]) => ({
      line: 2 + Number(rest[0]),
      col: 3,
      file: 'mappings/a.csv',
      cell: `C${2 + Number(rest[0])}`,
    });
    const both = withMappingSheets(locate, new Map([['crm-to-erp', sheet]]));
    expect(both.file).toBe('spec.yaml');
    expect(both(['flows', 'crm-to-erp', 'fields', 5, 'transform'])).toEqual({
      line: 7,
      col: 3,
      file: 'mappings/a.csv',
      cell: 'C7',
    });
    expect(both(['flows', 'crm-to-erp', 'from', 'system'])).toEqual({ line: 7, col: 21 });
    expect(both(['project', 'name'], 'key')).toEqual({ line: 3, col: 3 });
    expect(withMappingSheets(locate, new Map())).toBe(locate);
  });
});
