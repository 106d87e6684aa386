import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isIssue, recordIssue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { FieldSpec } from '../spec/schema.js';
import { compileMapping, type MapOutcome, type RowMapper } from './compile-mapping.js';
import type { TransformDefinition } from './transform.js';
import { transforms } from './transform-registry.js';

const lookups = { 'country-codes': { Brazil: 'BR', 'Czech Republic': 'CZ', Norway: 'NO', Spain: 'ES' } };

function compile(
  fields: FieldSpec[] | undefined,
  onInvalid: 'dead-letter' | 'warn' | 'stop' = 'dead-letter',
): RowMapper {
  const result = compileMapping(fields, { lookups, onInvalid });
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.map;
}

function okRow(outcome: MapOutcome): Row {
  if (!outcome.ok) throw new Error(outcome.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return outcome.row;
}

const customers: FieldSpec[] = [
  { from: 'CustomerId', to: 'client_id' },
  { from: ['FirstName', 'LastName'], to: 'full_name', transform: "join(' ')" },
  { from: 'ContactName', to: ['first_name', 'last_name'], transform: 'split-name' },
  { from: 'Email', to: 'email', transform: 'trim | lower', validate: ['required', 'email'] },
  {
    from: 'Country',
    to: 'country_code',
    transform: 'lookup(country-codes)',
    validate: "pattern('^[A-Z]{2}$')",
  },
  {
    from: 'SignedUp',
    to: 'created_on',
    transform: "format-date(from: ['MM/dd/yyyy', 'yyyy-MM-dd'], to: 'yyyy-MM-dd')",
  },
  { value: 'chinook', to: 'origin' },
];

const luis: Row = Object.freeze({
  CustomerId: 1,
  FirstName: 'Luís',
  LastName: 'Gonçalves',
  ContactName: 'Luís Gonçalves',
  Email: '  LuisG@Embraer.com.br ',
  Country: 'Brazil',
  SignedUp: '01/07/2009',
  Unused: 'ignored',
});

describe('compileMapping', () => {
  it('maps real records field by field', () => {
    const map = compile(customers);
    expect(okRow(map(luis))).toEqual({
      client_id: 1,
      full_name: 'Luís Gonçalves',
      first_name: 'Luís',
      last_name: 'Gonçalves',
      email: 'luisg@embraer.com.br',
      country_code: 'BR',
      created_on: '2009-01-07',
      origin: 'chinook',
    });
    const frantisek = {
      ...luis,
      FirstName: 'František',
      LastName: 'Wichterlová',
      ContactName: 'František Wichterlová',
      Email: 'frantisekw@jetbrains.com',
      Country: 'Czech Republic',
      SignedUp: '2010-02-03',
    };
    expect(okRow(map(frantisek))).toMatchObject({
      full_name: 'František Wichterlová',
      first_name: 'František',
      last_name: 'Wichterlová',
      country_code: 'CZ',
      created_on: '2010-02-03',
    });
  });

  it('splits a name into three targets', () => {
    const map = compile([{ from: 'name', to: ['first', 'middle', 'last'], transform: 'trim | split-name' }]);
    expect(okRow(map({ name: ' João Pedro Fernandes ' }))).toEqual({
      first: 'João',
      middle: 'Pedro',
      last: 'Fernandes',
    });
    expect(okRow(map({ name: 'Bjørn Hansen' }))).toEqual({ first: 'Bjørn', middle: null, last: 'Hansen' });
  });

  it('joins several sources into one target, skipping empty ones', () => {
    const map = compile([{ from: ['street', 'city', 'country'], to: 'address', transform: "join(', ')" }]);
    expect(okRow(map({ street: 'C/ San Bernardo 85', city: 'Madrid', country: 'Spain' })).address).toBe(
      'C/ San Bernardo 85, Madrid, Spain',
    );
    expect(okRow(map({ street: null, city: 'Oslo', country: '' })).address).toBe('Oslo');
  });

  it('copies fields by name when there are no fields, without touching the input', () => {
    const result = compileMapping(undefined, { onInvalid: 'dead-letter' });
    expect(result.ok && result.targetFields).toEqual([]);
    const row = Object.freeze({ a: 1, b: null });
    const mapped = result.ok ? okRow(result.map(row)) : undefined;
    expect(mapped).toEqual({ a: 1, b: null });
    expect(mapped).not.toBe(row);
  });

  it('lists the fields read and written', () => {
    const result = compileMapping(customers, { lookups, onInvalid: 'dead-letter' });
    expect(result.ok && result.targetFields).toEqual([
      'client_id',
      'full_name',
      'first_name',
      'last_name',
      'email',
      'country_code',
      'created_on',
      'origin',
    ]);
    expect(result.ok && result.sourceFields).toEqual([
      'CustomerId',
      'FirstName',
      'LastName',
      'ContactName',
      'Email',
      'Country',
      'SignedUp',
    ]);
  });

  it('spreads a list of sources over a list of targets without a transform', () => {
    const map = compile([{ from: ['a', 'b'], to: ['x', 'y'] }]);
    expect(okRow(map({ a: 1, b: 2 }))).toEqual({ x: 1, y: 2 });
  });
});

describe('onInvalid', () => {
  const bad = { ...luis, Email: 'luis.embraer.com.br', Country: 'Atlantis', SignedUp: '31/31/2009' };

  it('dead-letter: the record fails with every problem, each with its field and stage', () => {
    const outcome = compile(customers)(bad);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.stop).toBe(false);
    expect(outcome.issues.map((i) => [i.path, i.code, i.stage])).toEqual([
      ['email', 'bad-email', 'validate'],
      ['country_code', 'lookup-miss', 'map'],
      ['created_on', 'bad-date', 'map'],
    ]);
    expect(outcome.issues.every(isIssue)).toBe(true);
    expect(outcome.issues[1]?.message).toBe('lookup: "Atlantis" is not in lookup table "country-codes"');
    expect(outcome.issues[2]?.message).toBe(
      'format-date: "31/31/2009" matches none of the date patterns tried: MM/dd/yyyy, yyyy-MM-dd',
    );
  });

  it('warn: the record passes, with the transformed value or the original when the transform failed', () => {
    const outcome = compile(customers, 'warn')(bad);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.row).toMatchObject({
      email: 'luis.embraer.com.br',
      country_code: 'Atlantis',
      created_on: '31/31/2009',
    });
    expect(outcome.warnings.map((i) => i.code)).toEqual(['bad-email', 'lookup-miss', 'bad-date']);
  });

  it('stop: the record fails and says the run must stop', () => {
    const outcome = compile(customers, 'stop')(bad);
    expect(outcome).toMatchObject({ ok: false, stop: true });
  });

  it("a field's own onInvalid wins over the flow's", () => {
    const fields: FieldSpec[] = [
      { from: 'Email', to: 'email', validate: 'email', onInvalid: 'warn' },
      { from: 'Country', to: 'country_code', transform: 'lookup(country-codes)' },
    ];
    const warned = compile(fields, 'stop')({ Email: 'nope', Country: 'Norway' });
    expect(warned.ok && warned.warnings.map((i) => i.path)).toEqual(['email']);
    const failed = compile(fields, 'stop')({ Email: 'nope', Country: 'Atlantis' });
    expect(failed).toMatchObject({ ok: false, stop: true });
    expect(!failed.ok && failed.issues.map((i) => i.path)).toEqual(['country_code']);
    const stopOnly = compile([{ ...(fields[0] as FieldSpec), onInvalid: 'stop' }], 'warn')({ Email: 'nope' });
    expect(stopOnly).toMatchObject({ ok: false, stop: true });
  });

  it('warn on a split that failed writes the original to the first target', () => {
    const map = compile([
      { from: 'name', to: ['first', 'last'], transform: 'split-name', onInvalid: 'warn' },
    ]);
    const outcome = map({ name: 42 });
    expect(outcome.ok && outcome.row).toEqual({ first: 42, last: null });
  });

  it('rules run on each target of a split', () => {
    const map = compile([
      { from: 'name', to: ['first', 'last'], transform: 'split-name', validate: 'required' },
    ]);
    const outcome = map({ name: 'Madonna' });
    expect(!outcome.ok && outcome.issues.map((i) => [i.path, i.message])).toEqual([
      ['last', 'is required but null'],
    ]);
  });
});

describe('missing source fields', () => {
  it('are an issue naming the field, with a near name as a hint', () => {
    const outcome = compile([{ from: 'email', to: 'email' }])({ Email: 'a@b.co' });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.issues[0]).toMatchObject({
      code: 'missing-field',
      path: 'email',
      stage: 'map',
      message: 'source field "email" is not in the record',
      hint: 'the record has "Email"; field names are case-sensitive',
    });
  });

  it('differ from null, and under warn leave the target unwritten', () => {
    const map = compile([{ from: ['a', 'b'], to: 'ab', transform: 'join', onInvalid: 'warn' }]);
    expect(okRow(map({ a: 'x', b: null })).ab).toBe('x');
    const outcome = map({ a: 'x' });
    expect(outcome.ok && outcome.row).toEqual({});
    expect(outcome.ok && outcome.warnings[0]?.message).toBe('source field "b" is not in the record');
  });
});

describe('runtime shape checks', () => {
  it('refuses a transform result that does not fit a list of targets', () => {
    const map = compile([{ from: 'name', to: ['first', 'last'], transform: 'trim' }]);
    const outcome = map({ name: 'Enrique Muñoz' });
    expect(!outcome.ok && outcome.issues[0]).toMatchObject({
      code: 'shape-mismatch',
      path: 'first',
      stage: 'map',
    });
  });
});

describe('compile issues', () => {
  it('are all reported at once, with relative paths and did-you-mean', () => {
    const result = compileMapping(
      [
        { from: 'email', to: 'email', transform: 'trim | lowr', validate: ['required', 'emial'] },
        { from: 'name', to: 'name', validate: "max-length('eighty')" },
        { from: 'country', to: 'country', transform: 'lookup(contry-codes)' },
        { from: 'notes', to: 'notes', transform: "join('x" },
        { from: 'other', to: 'email' },
        { to: 'orphan' },
        { from: 'x', to: 'y', transform: 'required' },
        { from: ['first', 'last'], to: 'full' },
        { from: 'full', to: ['first', 'last'], transform: 'split-name(3)' },
        { from: 'd', to: 'd', transform: "format-date(to: 'yyyy', form: 'dd/MM/yyyy')" },
      ],
      { lookups, onInvalid: 'dead-letter' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.path, i.message.replace(/ of ".*$/, '')])).toEqual([
      ['fields[0].transform', 'unknown transform "lowr" (did you mean "lower"?)'],
      ['fields[0].validate[1]', 'unknown validation rule "emial" (did you mean "email"?)'],
      [
        'fields[1].validate',
        'validation rule "max-length": argument "max" is invalid: expected number, received string (got "eighty")',
      ],
      [
        'fields[2].transform',
        'transform "lookup": no lookup table "contry-codes" under lookups: (did you mean "country-codes"?)',
      ],
      ['fields[3].transform', 'unclosed quote at column 6'],
      ['fields[4].to', 'target field "email" is already written by fields[0]'],
      ['fields[5]', 'has neither from: nor value:, so nothing is written to orphan'],
      ['fields[6].transform', '"required" is a validation rule, not a transform'],
      ['fields[7].from', 'from: lists 2 field(s), so the value is a list, but to: is one field'],
      ['fields[8].transform', 'transform "split-name": takes no positional arguments'],
      ['fields[9].transform', 'transform "format-date": unknown argument "form" (did you mean "from"?)'],
    ]);
    expect(result.issues[1]?.hint).toMatch(/^known validation rules: required, pattern, max-length, email/);
    expect(result.issues[2]?.hint).toMatch(/^usage: max-length\(max\)/);
  });

  it('refuses an empty field list and both from: and value:', () => {
    const empty = compileMapping([], { onInvalid: 'warn' });
    expect(!empty.ok && empty.issues[0]?.code).toBe('no-fields');
    const both = compileMapping([{ from: 'a', value: 1, to: 'b' }], { onInvalid: 'warn' });
    expect(!both.ok && both.issues[0]?.code).toBe('from-and-value');
  });
});

describe('extending the library', () => {
  it('takes extra transforms, compiled once for any number of rows', () => {
    let compiled = 0;
    const args = z.strictObject({ by: z.number() });
    const multiply: TransformDefinition<z.infer<typeof args>> = {
      name: 'multiply',
      summary: 'Multiplies a number.',
      args,
      positional: ['by'],
      compile: ({ by }) => {
        compiled++;
        return (value) =>
          typeof value === 'number' ? value * by : recordIssue('not-a-number', '', 'is not a number');
      },
    };
    const result = compileMapping([{ from: 'price', to: 'cents', transform: 'multiply(100)' }], {
      onInvalid: 'dead-letter',
      transforms: [...transforms, multiply],
    });
    if (!result.ok) throw new Error(result.issues[0]?.message);
    for (let i = 0; i < 1000; i++) expect(okRow(result.map({ price: i })).cents).toBe(i * 100);
    expect(compiled).toBe(1);
    const bad = result.map({ price: 'ten' });
    expect(!bad.ok && bad.issues[0]?.message).toBe('multiply: is not a number');
  });
});
