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
    expect(result.issues[1]?.hint).toMatch(/^known validation rules: required, type, pattern, enum, range/);
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

describe('onInvalid: default and drop-field', () => {
  it('default writes the field default instead of the invalid value, and says so', () => {
    const map = compile([
      {
        from: 'Country',
        to: 'country_code',
        transform: 'lookup(country-codes)',
        onInvalid: 'default',
        default: 'XX',
      },
      { from: 'Email', to: 'email', transform: 'email', onInvalid: 'default', default: null },
      { from: 'Fax', to: 'fax', onInvalid: 'default', default: '' },
      { from: 'CustomerId', to: 'client_id' },
    ]);
    const outcome = map({ Country: 'Atlantis', Email: 'luis.embraer.com.br', CustomerId: 1 });
    expect(outcome.ok && outcome.row).toEqual({ country_code: 'XX', email: null, fax: '', client_id: 1 });
    expect(outcome.ok && outcome.warnings.map((w) => [w.path, w.code, w.message])).toEqual([
      [
        'country_code',
        'lookup-miss',
        'lookup: "Atlantis" is not in lookup table "country-codes"; wrote the default "XX" instead',
      ],
      [
        'email',
        'bad-email',
        'email: "luis.embraer.com.br" is not an email address: no @; wrote the default null instead',
      ],
      [
        'fax',
        'missing-field',
        'source field "Fax" is not in the record; wrote the default empty text instead',
      ],
    ]);
    expect(okRow(map({ Country: 'Norway', Email: 'A@B.no', Fax: null, CustomerId: 2 }))).toEqual({
      country_code: 'NO',
      email: 'a@b.no',
      fax: null,
      client_id: 2,
    });
  });

  it('default on a split writes every target for a failed transform, the failing target for a rule', () => {
    const map = compile([
      {
        from: 'name',
        to: ['first', 'last'],
        transform: 'split-name',
        validate: 'required',
        onInvalid: 'default',
        default: ['?', 'unknown'],
      },
    ]);
    expect(map({ name: 42 })).toMatchObject({ ok: true, row: { first: '?', last: 'unknown' } });
    const madonna = map({ name: 'Madonna' });
    expect(madonna.ok && madonna.row).toEqual({ first: 'Madonna', last: 'unknown' });
    expect(madonna.ok && madonna.warnings[0]?.message).toBe(
      'is required but null; wrote the default "unknown" instead',
    );
  });

  it('drop-field leaves the field out of the written record', () => {
    const map = compile([
      { from: 'Phone', to: 'phone', transform: 'phone', onInvalid: 'drop-field' },
      { from: 'CustomerId', to: 'client_id' },
    ]);
    const outcome = map({ Phone: '12345', CustomerId: 7 });
    expect(outcome.ok && outcome.row).toEqual({ client_id: 7 });
    expect(outcome.ok && Object.hasOwn(outcome.row, 'phone')).toBe(false);
    expect(outcome.ok && outcome.warnings[0]?.message).toBe(
      'phone: "12345" is not a valid phone number: it has no +country code and no country: is given; the field was left out',
    );
    expect(okRow(map({ Phone: '+47 22 44 22 22', CustomerId: 8 }))).toEqual({
      phone: '+4722442222',
      client_id: 8,
    });
  });

  it('a dead-letter field still fails the record whatever the other fields say', () => {
    const map = compile([
      { from: 'Phone', to: 'phone', transform: 'phone', onInvalid: 'drop-field' },
      { from: 'Email', to: 'email', transform: 'email' },
    ]);
    const outcome = map({ Phone: '1', Email: 'nope' });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.issues.map((i) => i.path)).toEqual(['email']);
  });

  it('refuses a default: that is missing, never used or of the wrong length', () => {
    const result = compileMapping(
      [
        { from: 'a', to: 'a', onInvalid: 'default' },
        { from: 'b', to: 'b', default: 'x' },
        { from: 'c', to: ['c1', 'c2'], transform: 'split-name', onInvalid: 'default', default: ['x'] },
        { from: 'd', to: 'd', onInvalid: 'default', default: ['x'] },
      ],
      { onInvalid: 'dead-letter' },
    );
    expect(!result.ok && result.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['no-default', 'fields[0].onInvalid', 'onInvalid: default needs a default: value on the field'],
      [
        'unused-default',
        'fields[1].default',
        'default: is only written when onInvalid is default, and here it is dead-letter',
      ],
      ['bad-default', 'fields[2].default', 'default: lists 1 value(s) but to: has 2 field(s)'],
      ['bad-default', 'fields[3].default', 'default: is a list, but to: is one field'],
    ]);
    const flowWide = compileMapping([{ from: 'a', to: 'a' }], { onInvalid: 'default' });
    expect(!flowWide.ok && flowWide.issues[0]).toMatchObject({
      code: 'no-default',
      path: 'fields[0]',
      message: "the flow's onInvalid is default, but this field has no default: value",
    });
  });
});

describe('unique within a run', () => {
  const fields: FieldSpec[] = [
    { from: 'Email', to: 'email', transform: 'email', validate: 'unique' },
    { from: 'Country', to: 'country', transform: 'lookup(country-codes)' },
  ];

  it('lets a value through once per run; a dead-lettered record does not claim it', () => {
    const result = compileMapping(fields, { lookups, onInvalid: 'dead-letter' });
    if (!result.ok) throw new Error('did not compile');
    const map = result.map;
    expect(map({ Email: 'a@x.no', Country: 'Atlantis' }).ok).toBe(false);
    expect(map({ Email: 'A@x.no', Country: 'Norway' }).ok).toBe(true);
    const again = map({ Email: 'a@x.no ', Country: 'Brazil' });
    expect(!again.ok && again.issues[0]?.message).toBe('"a@x.no" already appeared in this run');
    const nextRun = result.forRun();
    expect(nextRun).not.toBe(map);
    expect(nextRun({ Email: 'a@x.no', Country: 'Norway' }).ok).toBe(true);
    expect(map({ Email: 'b@x.no', Country: 'Norway' }).ok).toBe(true);
  });

  it('claims values of records written with warnings', () => {
    const map = compile([{ ...(fields[0] as FieldSpec), onInvalid: 'warn' }]);
    expect(okRow(map({ Email: 'a@x.no' }))).toEqual({ email: 'a@x.no' });
    const second = map({ Email: 'a@x.no' });
    expect(second.ok && second.warnings[0]?.code).toBe('duplicate');
  });
});

describe('mapping context', () => {
  it('lets cel name the source fields the mapping reads, or those the engine knows', () => {
    const fieldList: FieldSpec[] = [
      { from: 'Country', to: 'country' },
      { from: 'Total', to: 'region', transform: 'cel(\'Country == "Brazil" ? "LATAM" : "EMEA"\')' },
    ];
    expect(okRow(compile(fieldList)({ Country: 'Brazil', Total: 1 })).region).toBe('LATAM');
    const unknown = compileMapping([{ from: 'Total', to: 'x', transform: "cel('Contry')" }], {
      onInvalid: 'warn',
    });
    expect(!unknown.ok && unknown.issues[0]?.message).toBe(
      'transform "cel": "Contry": Unknown variable: Contry at column 1',
    );
    const known = compileMapping([{ from: 'Total', to: 'x', transform: "cel('BillingCountry')" }], {
      onInvalid: 'warn',
      sourceFields: ['Total', 'BillingCountry'],
    });
    expect(known.ok && okRow(known.map({ Total: 1, BillingCountry: 'Norway' })).x).toBe('Norway');
  });

  it('reports a file table that was not loaded where it is used', () => {
    const result = compileMapping([{ from: 'c', to: 'c', transform: 'lookup(countries)' }], {
      onInvalid: 'dead-letter',
      lookups: { countries: { file: 'countries.csv', key: 'name', value: 'code' } },
    });
    expect(!result.ok && result.issues[0]).toMatchObject({
      code: 'lookup-not-loaded',
      path: 'fields[0].transform',
      message:
        'transform "lookup": lookup table "countries" is read from countries.csv, which was not loaded',
    });
  });

  it('hands secret references to resolveSecret', () => {
    const fieldList: FieldSpec[] = [
      { from: 'Email', to: 'pseudonym', transform: "email | hash(salt: '${env:SALT}', length: 16)" },
    ];
    const resolved = compileMapping(fieldList, {
      onInvalid: 'dead-letter',
      resolveSecret: (reference) =>
        reference === '${env:SALT}' ? 'a-long-secret-salt-for-tests' : undefined,
    });
    expect(resolved.ok && okRow(resolved.map({ Email: 'LuisG@Embraer.com.br' })).pseudonym).toBe(
      '585ff546818f5a66',
    );
    const unresolved = compileMapping(fieldList, { onInvalid: 'dead-letter' });
    const outcome = unresolved.ok ? unresolved.map({ Email: 'luisg@embraer.com.br' }) : undefined;
    expect(outcome?.ok === false && outcome.issues[0]?.code).toBe('secret-unavailable');
  });
});

describe('values are kept exactly', () => {
  it('null, empty text and absent fields stay distinct', () => {
    const map = compile(
      [
        { from: 'a', to: 'a', transform: 'trim | lower | title-case' },
        { from: 'b', to: 'b', transform: 'trim' },
        { from: 'c', to: 'c' },
      ],
      'warn',
    );
    expect(okRow(map({ a: null, b: '', c: '   ' }))).toEqual({ a: null, b: '', c: '   ' });
    expect(okRow(map({ a: '', b: '  ', c: null }))).toEqual({ a: '', b: '', c: null });
    const absent = map({ a: 'x', b: 'y' });
    expect(absent.ok && absent.row).toEqual({ a: 'X', b: 'y' });
    expect(absent.ok && Object.hasOwn(absent.row, 'c')).toBe(false);
  });

  it('multi-language text passes byte for byte unless a transform changes it', () => {
    const texts = [
      'Luís Gonçalves',
      'Gonc\u0327alves',
      'František Wichterlová',
      'Stanisław Wójcik',
      'שלום עולם',
      'مرحبا',
      '東京都 渋谷区',
      '👨‍👩‍👧 🇧🇷',
      'x'.repeat(10_000),
    ];
    const map = compile([{ from: 'name', to: 'name', transform: 'trim', validate: 'required' }]);
    for (const text of texts) expect(okRow(map({ name: text })).name).toBe(text);
  });
});
