import { describe, expect, it } from 'vitest';
import { formatSpecProblem } from '../spec-problem.js';
import { placeInSheet } from './sheet-places.js';
import { sheetToFields } from './sheet-to-fields.js';

const context = {
  flow: 'customers-to-erp',
  file: 'mappings/customers.csv',
  from: { system: 'crm', title: 'Sales CRM' },
  to: { system: 'erp' },
};

function read(rows: string[][]) {
  return sheetToFields({ rows }, context);
}

describe('sheetToFields', () => {
  it('reads headers in any case and order, after a title, and keeps extra columns', () => {
    const result = read([
      ['Customer mapping, v3'],
      [],
      [
        'Target Field',
        'SOURCE_FIELD',
        'Source System',
        'Transformation',
        'Owner',
        'Validation',
        'On Invalid',
      ],
      ['client_no', 'customer_no', 'Sales CRM', '', 'Finance IT', '', ''],
      ['', '', '', '', '', '', ''],
      ['first_name, last_name', 'full_name', 'crm', 'split-name', '', 'required', 'Dead letter'],
      ['currency', '="USD"', '', '', '', '', ''],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.fields).toEqual([
      { from: 'customer_no', to: 'client_no', extra: { Owner: 'Finance IT' } },
      {
        from: 'full_name',
        to: ['first_name', 'last_name'],
        transform: 'split-name',
        validate: 'required',
        onInvalid: 'dead-letter',
      },
      { value: 'USD', to: 'currency' },
    ]);
    expect(result.places).toMatchObject({ headerRow: 3, fieldRows: [4, 6, 7] });
  });

  it('points every path below fields at its cell', () => {
    const { places } = read([
      ['source field', 'transformation', 'target field', 'notes', 'owner'],
      ['a', 'trim', 'b', '', 'me'],
      ['c', 'splitname', 'd', '', ''],
    ]);
    expect(placeInSheet(places, [1, 'transform'])).toEqual({
      file: 'mappings/customers.csv',
      line: 3,
      col: 2,
      cell: 'B3',
    });
    expect(placeInSheet(places, [1, 'transform', 0]).cell).toBe('B3');
    expect(placeInSheet(places, [0, 'from']).cell).toBe('A2');
    expect(placeInSheet(places, [0, 'value']).cell).toBe('A2');
    expect(placeInSheet(places, [0, 'extra', 'owner']).cell).toBe('E2');
    expect(placeInSheet(places, [0, 'validate']).cell).toBe('C2'); // no validation column: the row's target
    expect(placeInSheet(places, [0]).cell).toBe('C2');
    expect(placeInSheet(places, []).cell).toBe('C1');
  });

  it('reports every problem at its cell, and reads the rows that have none', () => {
    const result = read([
      ['source system', 'source field', 'target system', 'target field', 'notes', ''],
      ['crm2', 'a', 'erp', 'b', '', ''],
      ['crm', '=A1+1', 'erp', 'c', '', ''],
      ['crm', 'x,,y', 'ERP', '', '', ''],
      ['crm', 'ok', 'warehouse', 'ok', '', 'scribble'],
      ['', 'fine', '', 'fine', '', ''],
    ]);
    expect(result.problems.map(formatSpecProblem)).toEqual([
      'mappings/customers.csv!A2: "crm2" is not the flow\'s source: flow customers-to-erp reads from "crm" (write crm, or leave the cell empty)',
      'mappings/customers.csv!B3: "=A1+1" is not a constant (write a constant as ="text", =42, =TRUE, =FALSE or =NULL; put a field name that starts with = in double quotes)',
      'mappings/customers.csv!B4: an empty field name between commas (remove the extra comma)',
      'mappings/customers.csv!D4: the target field is empty (write the field this row fills in (several, for split-name, separated by commas))',
      'mappings/customers.csv!F5: this column has no header, so its cells cannot be read (give column F a header in row 1, or clear it)',
      'mappings/customers.csv!C5: "warehouse" is not the flow\'s target: flow customers-to-erp writes to "erp" (write erp, or leave the cell empty)',
    ]);
    expect(result.problems[0]).toMatchObject({
      line: 2,
      col: 1,
      cell: 'A2',
      path: 'flows.customers-to-erp.mapping',
    });
    expect(result.fields).toEqual([{ from: 'fine', to: 'fine' }]);
    expect(result.places.fieldRows).toEqual([6]);
  });

  it('reports a missing header row, missing and misspelt columns, and an empty sheet', () => {
    expect(read([['id', 'name']]).problems.map((p) => `${p.cell} ${p.code}`)).toEqual(['A1 sheet-no-header']);
    const misspelt = read([['source field', 'target field', 'trasformation', 'notes', 'Notes']]);
    expect(misspelt.problems.map((p) => `${p.cell} ${p.code} ${p.message}`)).toEqual([
      'C1 sheet-misspelt-column column "trasformation" looks like a misspelt "transformation"',
      'E1 sheet-duplicate-column a second "Notes" column',
    ]);
    expect(
      read([['source system', 'source field', 'notes']]).problems.map((p) => `${p.cell} ${p.code}`),
    ).toEqual(['D1 sheet-missing-column']);
    expect(
      read([
        ['source field', 'target field'],
        ['', ''],
      ]).problems.map((p) => `${p.cell} ${p.code}`),
    ).toEqual(['B2 sheet-empty']);
  });
});
