import { describe, expect, it } from 'vitest';
import type { ColumnShape, TableShape } from '../../src/core/table-shape.js';
import {
  charsetCheck,
  normaliseCharset,
  plainTextCheck,
} from '../../src/engine/target-limits/charset-check.js';
import { compileFit, type FitOutcome } from '../../src/engine/target-limits/fit-to-target.js';
import { textLength, truncateText } from '../../src/engine/target-limits/truncate-text.js';
import type { FitSpec } from '../../src/spec/schema.js';

const column = (name: string, extra: Partial<ColumnShape> = {}): ColumnShape => ({
  name,
  type: 'varchar',
  nullable: true,
  hasDefault: false,
  ...extra,
});

const clients: TableShape = {
  name: 'clients',
  kind: 'table',
  primaryKey: ['id'],
  columns: [
    column('id', { type: 'integer', nullable: false }),
    column('name', { maxLength: 10, nullable: false }),
    column('city', { maxLength: 20, charset: 'windows-1252' }),
    column('notes', { rejectsNul: true }),
    column('created', { nullable: false, hasDefault: true }),
  ],
};

function fitWith(fit: Partial<FitSpec> | undefined, shape: TableShape = clients, systemCharset?: string) {
  const fitter = compileFit({
    label: 'erp table "clients"',
    shape,
    fit: fit === undefined ? undefined : { tooLong: 'reject', unencodable: 'reject', ...fit },
    systemCharset,
  });
  if (!fitter) throw new Error('expected a fitter');
  return fitter;
}

function rejected(outcome: FitOutcome) {
  if (outcome.ok) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.row)}`);
  return outcome.issues;
}

function written(outcome: FitOutcome) {
  if (!outcome.ok) throw new Error(`expected a row, got ${outcome.issues.map((i) => i.message).join('; ')}`);
  return outcome;
}

describe('compileFit', () => {
  it('passes a row that fits through unchanged, byte for byte', () => {
    const row = { id: 1, name: 'Zoe\u0308', city: 'Montréal', notes: '東京 👩‍👩‍👧', created: undefined };
    const outcome = written(fitWith(undefined)(row));
    expect(outcome.row).toBe(row);
    expect(outcome.warnings).toEqual([]);
  });

  it('refuses text longer than the column, naming the column, the length and the limit', () => {
    const [issue, ...rest] = rejected(fitWith(undefined)({ id: 1, name: 'Maximiliana Theodora' }));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: 'too-long', path: 'name', stage: 'validate' });
    expect(issue?.message).toBe(
      '"Maximiliana Theodora" is 20 characters, but erp table "clients" column name holds 10',
    );
    expect(issue?.hint).toContain('truncate(10)');
  });

  it('counts characters, not UTF-16 units: ten emoji fit in ten', () => {
    written(fitWith(undefined)({ id: 1, name: '😀'.repeat(10) }));
    expect(rejected(fitWith(undefined)({ id: 1, name: '😀'.repeat(11) }))[0]?.code).toBe('too-long');
  });

  it('truncates when told, without splitting an emoji or a letter from its accent, with a warning', () => {
    const outcome = written(fitWith({ tooLong: 'truncate' })({ id: 1, name: 'Zoe\u0308 👩‍👩‍👧‍👦 Saldaña' }));
    expect(outcome.row.name).toBe('Zoe\u0308 ');
    expect(outcome.warnings.map((w) => w.code)).toEqual(['truncated']);
    expect(outcome.warnings[0]?.message).toContain('column name holds 10');
  });

  it('takes a per-column policy over the flow policy', () => {
    const fitter = fitWith({ tooLong: 'truncate', columns: { name: { tooLong: 'reject' } } });
    expect(rejected(fitter({ id: 1, name: 'x'.repeat(11) }))[0]?.code).toBe('too-long');
    expect(written(fitter({ id: 1, name: 'ok', city: 'c'.repeat(30) })).row.city).toBe('c'.repeat(20));
  });

  it('refuses characters the charset cannot store, naming the character', () => {
    const [issue] = rejected(fitWith(undefined)({ id: 1, name: 'A', city: 'Łódź' }));
    expect(issue).toMatchObject({ code: 'unencodable', path: 'city' });
    expect(issue?.message).toBe(
      '"Łódź" has "Ł" (U+0141), but erp table "clients" column city stores windows-1252 only',
    );
  });

  it('transliterates only the characters the charset lacks', () => {
    const outcome = written(
      fitWith({ unencodable: 'transliterate' })({ id: 1, name: 'A', city: 'Łódź Café €' }),
    );
    expect(outcome.row.city).toBe('Lódz Café €');
    expect(outcome.warnings.map((w) => w.code)).toEqual(['characters-replaced']);
  });

  it('refuses what has no spelling even when transliterating, and replaces when told', () => {
    expect(
      rejected(fitWith({ unencodable: 'transliterate' })({ id: 1, name: 'A', city: '東京' }))[0]?.hint,
    ).toContain('replace');
    expect(written(fitWith({ unencodable: 'replace' })({ id: 1, name: 'A', city: '東京 x' })).row.city).toBe(
      '?? x',
    );
  });

  it('refuses half a character in any column, whatever its charset', () => {
    const [issue] = rejected(fitWith(undefined)({ id: 1, name: 'ab\uD800' }));
    expect(issue).toMatchObject({ code: 'unencodable', path: 'name' });
    expect(issue?.message).toContain('lone surrogate');
  });

  it('refuses U+0000 where the column cannot store it, and drops it when replacing', () => {
    expect(rejected(fitWith(undefined)({ id: 1, name: 'A', notes: 'a\u0000b' }))[0]?.message).toContain(
      'cannot store U+0000',
    );
    expect(
      written(fitWith({ unencodable: 'replace' })({ id: 1, name: 'A', notes: 'a\u0000b' })).row.notes,
    ).toBe('ab');
  });

  it('refuses null in a NOT NULL column, but lets a missing value take the default', () => {
    const [issue] = rejected(fitWith(undefined)({ id: 1, name: null }));
    expect(issue).toMatchObject({ code: 'null-not-allowed', path: 'name' });
    expect(issue?.message).toBe('is empty, but erp table "clients" column name is NOT NULL');
    written(fitWith(undefined)({ id: 1, name: 'A', created: undefined }));
    expect(rejected(fitWith(undefined)({ id: 1, name: 'A', created: null }))[0]?.path).toBe('created');
  });

  it('applies a column empty: policy before the checks', () => {
    const fitter = fitWith({ columns: { name: { empty: 'empty-string' }, city: { empty: 'null' } } });
    const outcome = written(fitter({ id: 1, name: null, city: '   ' }));
    expect(outcome.row).toEqual({ id: 1, name: '', city: null });
  });

  it("checks every text against a file's encoding, and against a system's declared charset", () => {
    const file: TableShape = {
      name: 'out.csv',
      kind: 'file',
      columns: [],
      primaryKey: [],
      charset: 'windows-1252',
    };
    expect(rejected(fitWith(undefined, file)({ anything: 'Ω' }))[0]?.message).toContain(
      'erp table "clients" column anything stores windows-1252',
    );
    const empty: TableShape = { name: 't', kind: 'table', columns: [], primaryKey: [] };
    expect(rejected(fitWith(undefined, empty, 'ascii')({ x: 'é' }))[0]?.code).toBe('unencodable');
  });

  it('fits one column alone as the row fit does: the same value when clean, nothing otherwise', () => {
    const policies: Partial<FitSpec>[] = [
      {},
      { tooLong: 'truncate', unencodable: 'transliterate' },
      { unencodable: 'replace', columns: { name: { empty: 'empty-string' }, city: { empty: 'null' } } },
    ];
    const values = [
      null,
      undefined,
      '',
      '   ',
      'A',
      'Zoe\u0308 👩‍👩‍👧‍👦 Saldaña',
      'Łódź',
      '東京',
      'a\u0000b',
      'ab\uD800',
      7,
    ];
    for (const policy of policies) {
      const fitter = fitWith(policy);
      for (const name of ['id', 'name', 'city', 'notes', 'created', 'other']) {
        const fitColumn = fitter.column(name);
        for (const value of values) {
          const whole = fitter({ [name]: value });
          const expected = whole.ok && whole.warnings.length === 0 ? whole.row[name] : undefined;
          expect(fitColumn(value), `${JSON.stringify(policy)} ${name} ${String(value)}`).toEqual(expected);
        }
      }
    }
  });

  it('does nothing without a shape or a declared charset', () => {
    expect(
      compileFit({ label: 'x', shape: undefined, fit: undefined, systemCharset: undefined }),
    ).toBeUndefined();
  });
});

describe('charsetCheck', () => {
  it('knows the single-byte code pages by round trip', () => {
    const cp1252 = charsetCheck('windows-1252');
    expect(['é', '€', 'š', 'Ÿ'].every(cp1252)).toBe(true);
    expect(['ł', 'Ω', '東'].some(cp1252)).toBe(false);
    expect(charsetCheck('iso-8859-2')('ł')).toBe(true);
  });

  it("stops MySQL's three-byte utf8 at the basic plane, and ascii at 127", () => {
    expect(charsetCheck('utf8mb3')('東')).toBe(true);
    expect(charsetCheck('utf8mb3')('😀')).toBe(false);
    expect(charsetCheck('ascii')('é')).toBe(false);
    expect(charsetCheck(undefined)('😀')).toBe(true);
  });

  it('reads catalog spellings: MySQL latin1 is windows-1252, UTF8 takes everything', () => {
    expect(normaliseCharset('latin1')).toBe('windows-1252');
    expect(normaliseCharset('UTF8')).toBeUndefined();
    expect(normaliseCharset('utf8mb4')).toBeUndefined();
    expect(normaliseCharset('WIN1250')).toBe('windows-1250');
  });
});

describe('truncateText', () => {
  it('cuts by code points at grapheme boundaries', () => {
    expect(truncateText('abcdef', 3)).toBe('abc');
    expect(truncateText('ab😀', 3)).toBe('ab😀');
    expect(truncateText('a😀b', 1)).toBe('a');
    expect(truncateText('e\u0301e\u0301', 3)).toBe('e\u0301');
    expect(textLength('😀😀')).toBe(2);
  });
});

describe('plainTextCheck', () => {
  it('passes text that surely fits and asks for a closer look at the rest', () => {
    const unicode = plainTextCheck('utf8', charsetCheck('utf8'));
    expect(unicode('Bjørn 😀')).toBe(true);
    expect(unicode('half \ud83d of a pair')).toBe(false);
    const basic = plainTextCheck('utf8mb3', charsetCheck('utf8mb3'));
    expect(basic('Bjørn')).toBe(true);
    expect(basic('😀')).toBe(false);
    const latin = plainTextCheck('windows-1252', charsetCheck('windows-1252'));
    expect(latin('Stanislaw')).toBe(true);
    expect(latin('Bjørn')).toBe(false);
  });
});
