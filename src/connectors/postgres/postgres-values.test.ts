import { describe, expect, it } from 'vitest';
import { copyField, toPgText } from './postgres-values.js';

describe('toPgText', () => {
  it('writes JSON documents as JSON.stringify does', () => {
    const document = { tags: ['t1', 'grün'], tier: 1, nested: { at: new Date('2024-01-02T03:04:05.678Z') } };
    expect(toPgText(document, true)).toBe(JSON.stringify(document));
    expect(toPgText('text', true)).toBe('"text"');
  });

  it('writes bigints inside JSON as their digits and bytes as base64', () => {
    expect(toPgText({ big: 9007199254740993n, list: [1n] }, true)).toBe(
      '{"big":"9007199254740993","list":["1"]}',
    );
    expect(toPgText({ bytes: new Uint8Array([1, 2, 255]) }, true)).toBe('{"bytes":"AQL/"}');
  });
});

describe('copyField', () => {
  it('escapes what COPY text format reads specially', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('plain')).toBe('plain');
  });
});
