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
