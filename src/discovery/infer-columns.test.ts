import { describe, expect, it } from 'vitest';
import type { Batch, Row } from '../core/row.js';
import { inferColumns } from './infer-columns.js';

async function* batches(rows: readonly Row[]): AsyncIterable<Batch> {
  yield { rows: rows.slice(0, 2), checkpoint: 1 };
  yield { rows: rows.slice(2), checkpoint: 2 };
}
const infer = async (rows: readonly Row[], sample = 100) => {
  const result = await inferColumns(batches(rows), sample);
  return { ...result, byName: new Map(result.columns.map((c) => [c.name, c])) };
};

describe('inferColumns', () => {
  it('gives each column the narrowest type every value fits', async () => {
    const { byName } = await infer([
      { id: '1', price: '9.99', active: 'yes', born: '1990-01-31', at: '2024-05-01T10:00:00Z', name: 'Ann' },
      { id: '22', price: '120', active: 'No', born: '2001-12-01', at: '2024-05-01', name: 'Bartholomew' },
      { id: '-3', price: '-0.5', active: true, born: '', at: null, name: 'Çelik' },
    ]);
    expect(byName.get('id')).toEqual({ name: 'id', type: 'integer', nullable: false, hasDefault: false });
    expect(byName.get('price')).toMatchObject({ type: 'decimal(5,2)', precision: 5, scale: 2 });
    expect(byName.get('active')).toMatchObject({ type: 'boolean', nullable: false });
    expect(byName.get('born')).toMatchObject({
      type: 'date',
      nullable: true,
      formats: [{ format: 'ISO', count: 2 }],
    });
    expect(byName.get('at')).toMatchObject({ type: 'datetime', nullable: true });
    expect(byName.get('name')).toMatchObject({ type: 'text', longest: 11, nullable: false });
  });

  it('falls back to text when one value does not fit, and counts a late column as missing before', async () => {
    const { byName } = await infer([{ code: '12' }, { code: '12a' }, { code: '7', late: 'x' }]);
    expect(byName.get('code')).toMatchObject({ type: 'text', longest: 3 });
    expect(byName.get('late')).toMatchObject({ type: 'text', nullable: true });
  });

  it("reports each date format's share, settling ambiguous dates by the majority", async () => {
    const dates = ['13/01/2023', '25/12/2023', '31/03/2023', '01/02/2023', '12/31/2023', '2023-04-05'];
    const { byName } = await infer(dates.map((signup) => ({ signup })));
    expect(byName.get('signup')).toMatchObject({
      type: 'date',
      ambiguousDates: 1,
      formats: [
        { format: 'dd/MM/yyyy', count: 4 },
        { format: 'ISO', count: 1 },
        { format: 'MM/dd/yyyy', count: 1 },
      ],
    });
  });

  it('stops after the sample and says so', async () => {
    const result = await infer([{ n: '1' }, { n: '2' }, { n: '3' }], 2);
    expect([result.rows, result.complete]).toEqual([2, false]);
    expect((await infer([{ n: '1' }], 2)).complete).toBe(true);
  });
});
