/**
 * The kind of value a column holds, read from the type its catalog prints (`character
 * varying(40)`, `INT(11)`, `decimal(10,2)`, `timestamp with time zone`) or that discovery
 * inferred (`integer`, `date`). The checks compare kinds, never the systems' type names.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'other';

const patterns: readonly (readonly [ColumnKind, RegExp])[] = [
  ['boolean', /^(bool|boolean|bit\(1\)|tinyint\(1\))$/],
  [
    'integer',
    /^(tiny|small|medium|big)?int(eger)?\d*(\(\d+\))?( unsigned)?$|^(small|big)?serial\d*$|^int[248]$/,
  ],
  [
    'decimal',
    /^(numeric|decimal|dec|number|money|real|float\d*|double( precision)?)(\s*\(\s*\d+\s*(,\s*\d+\s*)?\))?( unsigned)?$/,
  ],
  ['datetime', /^(timestamp|datetime)(\(\d\))?( with(out)? time zone)?$|^timestamptz$|^date-time$/],
  ['date', /^date$/],
  [
    'text',
    /^(n?var)?char(acter)?( varying)?(\s*\(\s*\d+\s*\))?$|^(tiny|medium|long)?text$|^clob$|^string$|^citext$|^uuid$|^enum\(.*\)$/,
  ],
];

export function columnKind(type: string): ColumnKind {
  const normal = type
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/ (character set|collate) \S+/g, '');
  for (const [kind, pattern] of patterns) if (pattern.test(normal)) return kind;
  return 'other';
}
