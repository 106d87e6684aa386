import { describe, expect, it } from 'vitest';
import { readCsvGrid, sniffDelimiter } from './read-csv-grid.js';

describe('readCsvGrid', () => {
  it('reads UTF-8 with a byte order mark, semicolons and CRLF, as Excel saves "CSV UTF-8"', () => {
    const text = '\uFEFFsource field;target field;notes\r\nName;full_name;"a; b\nc"\r\n';
    expect(readCsvGrid(text).rows).toEqual([
      ['source field', 'target field', 'notes'],
      ['Name', 'full_name', 'a; b\nc'],
    ]);
  });

  it('keeps empty lines as empty rows, so row numbers match a spreadsheet', () => {
    const rows = readCsvGrid('a,b\n\nc,d\n').rows;
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual(['c', 'd']);
  });

  it('turns line breaks inside a cell into \\n', () => {
    expect(readCsvGrid('a\r\n"x\r\ny"\r\n').rows[1]).toEqual(['x\ny']);
  });

  it('sniffs the separator from the header line, outside quotes', () => {
    expect(sniffDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(sniffDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('throws on text that is not CSV', () => {
    expect(() => readCsvGrid('a,"b\n')).toThrow(/quote/i);
  });
});
