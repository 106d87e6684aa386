import { describe, expect, it } from 'vitest';
import { fieldSchema } from '../schema.js';
import { placeInSheet } from './sheet-places.js';

describe('the sheet and fieldSchema', () => {
  it('has a place for every key a field mapping can have, so that the round trip stays lossless', () => {
    // A new key in fieldSchema needs a column (sheet-columns.ts), a notation (sheet-notation.ts),
    // its reading (sheet-to-fields.ts), its writing (fields-to-sheet.ts) and a place (sheet-places.ts).
    const handled = [
      'from',
      'value',
      'to',
      'transform',
      'validate',
      'onInvalid',
      'default',
      'notes',
      'extra',
    ];
    expect(Object.keys(fieldSchema.shape).sort()).toEqual([...handled].sort());
    const places = {
      file: 's.csv',
      headerRow: 1,
      columns: {
        sourceField: 1,
        transformation: 2,
        targetField: 3,
        validation: 4,
        onInvalid: 5,
        default: 6,
        notes: 7,
      },
      extraColumns: { owner: 8 },
      fieldRows: [2],
    };
    const cells = handled.map(
      (key) => placeInSheet(places, [0, key, ...(key === 'extra' ? ['owner'] : [])]).cell,
    );
    expect(cells).toEqual(['A2', 'A2', 'C2', 'B2', 'D2', 'E2', 'F2', 'G2', 'H2']);
  });
});
