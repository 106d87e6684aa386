import { describe, expect, it } from 'vitest';
import type { CopyTextLines, CopyTextPlan } from '../../core/copy-text.js';
import type { Row } from '../../core/row.js';
import { copyFieldDecoder } from './copy-field-decoders.js';
import { compileCopyTextMapper } from './copy-text-mapper.js';

const columns = [
  { name: 'id', decode: copyFieldDecoder(23) },
  { name: 'name', decode: copyFieldDecoder(25) },
  { name: 'note', decode: copyFieldDecoder(25) },
];

const plan: CopyTextPlan = {
  output: [
    { verbatim: 'id', notNull: true },
    {
      from: 'name',
      type: 'text',
      convert: (value) => (typeof value === 'string' ? value.toUpperCase() : value),
    },
    { mapped: 'both', type: 'text' },
  ],
  reads: ['id', 'note'],
  map: (row: Row) => ({ ok: true, row: { both: `${row.id}/${row.note}` }, warnings: [] }),
};

const linesOf = (rows: readonly string[]): CopyTextLines => ({
  chunks: [Buffer.from(rows.join(''))],
  count: rows.length,
});
const text = (lines: CopyTextLines | undefined) => Buffer.concat(lines?.chunks ?? []).toString();

describe('compileCopyTextMapper', () => {
  it('builds each line from verbatim bytes, converted values and the mapped record', () => {
    const map = compileCopyTextMapper(columns, plan, () => 'the test');
    const mapped = map(linesOf(['1\tana\tx\n', '2\t\\N\ttab\\there\n', '3\tjosé\\\\\t\\N\n']));
    expect(text(mapped)).toBe('1\tANA\t1/x\n2\t\\N\t2/tab\\there\n3\tJOSÉ\\\\\t3/null\n');
    expect(mapped?.count).toBe(3);
  });

  it('keeps lines whole across its buffers, also lines longer than a buffer', () => {
    const map = compileCopyTextMapper(columns, plan, () => 'the test');
    const long = 'a'.repeat(600_000);
    const rows = Array.from({ length: 3000 }, (_, i) => `${i}\t${i % 1000 === 7 ? long : `n${i}`}\tz\n`);
    const mapped = map(linesOf(rows));
    expect(mapped?.chunks.length).toBeGreaterThan(1);
    for (const chunk of mapped?.chunks ?? []) expect(chunk.at(-1)).toBe(10);
    expect(text(mapped)).toBe(
      rows.map((_, i) => `${i}\t${i % 1000 === 7 ? long.toUpperCase() : `N${i}`}\t${i}/z\n`).join(''),
    );
  });

  it('reuses the buffers of released lines only', () => {
    const map = compileCopyTextMapper(columns, plan, () => 'the test');
    const batch = (n: number) => linesOf(Array.from({ length: 5000 }, (_, i) => `${i}\tb${n}-${i}\tq\n`));
    const first = map(batch(1));
    const second = map(batch(2));
    const [firstText, secondText] = [text(first), text(second)];
    first?.release?.();
    const third = map(batch(3));
    expect(text(second)).toBe(secondText);
    expect(text(third)).toContain('\tB3-4999\t');
    expect(firstText).toContain('\tB1-4999\t');
  });

  it('reads text fields alike whether they are ASCII, UTF-8 or escaped, wherever the others are', () => {
    const typed = [
      { name: 'a', decode: copyFieldDecoder(25) },
      { name: 'n', decode: copyFieldDecoder(1700) },
      { name: 'b', decode: copyFieldDecoder(25) },
    ];
    const seen: unknown[] = [];
    const keep = (value: unknown) => {
      seen.push(value);
      return value;
    };
    const same: CopyTextPlan = {
      output: [
        { from: 'a', type: 'text', convert: keep },
        { from: 'n', type: 'numeric', convert: keep },
        { from: 'b', type: 'text', convert: keep },
      ],
      reads: [],
      map: () => ({ ok: true, row: {}, warnings: [] }),
    };
    const rows = [
      'ø\t1.50\tplain\n',
      'plain\t-2\tBjørn\n',
      'x\\ty\t0\t東京\n',
      'a\t\\N\tb\n',
      '\\N\t3\tOK\n',
    ];
    const mapped = compileCopyTextMapper(typed, same, () => 't')(linesOf(rows));
    expect(text(mapped)).toBe(rows.join(''));
    expect(seen).toEqual([
      'ø',
      '1.50',
      'plain',
      'plain',
      '-2',
      'Bjørn',
      'x\ty',
      '0',
      '東京',
      'a',
      null,
      'b',
      null,
      '3',
      'OK',
    ]);
  });

  it('copies runs of verbatim fields in one go, still refusing NULL where the column needs a value', () => {
    const four = ['a', 'b', 'c', 'd'].map((name) => ({ name, decode: copyFieldDecoder(25) }));
    const runs: CopyTextPlan = {
      output: [
        { verbatim: 'b', notNull: false },
        { verbatim: 'c', notNull: true },
        { verbatim: 'a', notNull: false },
        { from: 'd', type: 'text', convert: (value) => `<${String(value)}>` },
        { verbatim: 'd', notNull: false },
      ],
      reads: [],
      map: () => ({ ok: true, row: {}, warnings: [] }),
    };
    const map = compileCopyTextMapper(four, runs, () => 't');
    expect(text(map(linesOf(['1\t2\t3\t4\n', '\\N\tx\\ty\t5\t\\N\n'])))).toBe(
      '2\t3\t1\t<4>\t4\nx\\ty\t5\t\\N\t<null>\t\\N\n',
    );
    expect(map(linesOf(['1\t2\t\\N\t4\n']))).toBeUndefined();
  });

  it('gives the batch to the row path when a converted value or the record is not clean', () => {
    const refusing: CopyTextPlan = {
      ...plan,
      output: [
        { verbatim: 'id', notNull: true },
        { from: 'name', type: 'text', convert: () => undefined },
      ],
    };
    expect(compileCopyTextMapper(columns, refusing, () => 't')(linesOf(['1\ta\tb\n']))).toBeUndefined();
    const warning: CopyTextPlan = { ...plan, map: () => ({ ok: true, row: { both: 'x' }, warnings: [{}] }) };
    expect(compileCopyTextMapper(columns, warning, () => 't')(linesOf(['1\ta\tb\n']))).toBeUndefined();
    expect(compileCopyTextMapper(columns, plan, () => 't')(linesOf(['\\N\ta\tb\n']))).toBeUndefined();
  });
});
