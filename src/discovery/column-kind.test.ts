import { describe, expect, it } from 'vitest';
import { columnKind } from './column-kind.js';

describe('columnKind', () => {
  it.each([
    ['character varying(40)', 'text'],
    ['NVARCHAR(40)', 'text'],
    ['varchar(60) CHARACTER SET latin1', 'text'],
    ['string', 'text'],
    ['INTEGER', 'integer'],
    ['int(11) unsigned', 'integer'],
    ['bigint', 'integer'],
    ['NUMERIC(10,2)', 'decimal'],
    ['double precision', 'decimal'],
    ['number', 'decimal'],
    ['tinyint(1)', 'boolean'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['timestamp with time zone', 'datetime'],
    ['DATETIME', 'datetime'],
    ['date-time', 'datetime'],
    ['jsonb', 'other'],
    ['array<string>', 'other'],
  ])('%s is %s', (type, kind) => {
    expect(columnKind(type)).toBe(kind);
  });
});
