// The two Node-RED flows of the PostgreSQL -> PostgreSQL bench, as a Node-RED user would build
// them without a PostgreSQL node (node-red-contrib-postgresql is not in this registry): function
// nodes with the pg driver from functionGlobalContext, a pool per node opened in "On Start" and
// closed in "On Stop", the same 12-field mapping as bench/contenders/hand-made-pg.mjs.
//   batch:   inject -> read a page -> map the page -> upsert the page -> (loop to read)
//   per-row: inject -> read a page -> split -> map one row -> upsert one row -> join -> (loop)
// Both read keyset pages of `pageSize` rows, so the loop is the backpressure; the per-row flow
// upserts one row per query over a pool of 10 connections (pg's default), the bound on its
// concurrency. When a page comes back empty, "finish" tells the launcher how many rows ran.
import { countries, statuses, targetNames, upsertTail } from '../../kit/pg-workload.mjs';

const sourceNames = targetNames.replace('country_code', 'country');

// Dates and timestamps stay text: a JavaScript Date drops microseconds and moves a date across
// midnight with the process's time zone, and the bench checks the target losslessly.
const openPool = (pgUrl, max) => `const pg = global.get('pg');
const asText = (value) => value;
const types = {
  getTypeParser: (oid, format) => ([1082, 1114, 1184].includes(oid) ? asText : pg.types.getTypeParser(oid, format)),
};
context.set('pool', new pg.Pool({ connectionString: ${JSON.stringify(pgUrl)}, max: ${max}, types }));`;
const closePool = `context.get('pool').end();`;

const lookups = `const statuses = ${JSON.stringify(statuses)};
const countries = ${JSON.stringify(countries)};`;
const mapOne = `({
  id: r.id,
  first_name: r.first_name.trim(),
  last_name: r.last_name.trim(),
  email: r.email.trim().toLowerCase(),
  phone: r.phone.trim(),
  birth_date: r.birth_date,
  signup_date: r.signup_date,
  updated_at: r.updated_at,
  balance: r.balance,
  status: statuses[r.status],
  country_code: countries[r.country],
  attrs: r.attrs,
})`;

const readPage = (source, pageSize) => `const after = context.get('after') ?? '0';
const { rows } = await context.get('pool').query(
  'SELECT ${sourceNames} FROM ${source}.customers WHERE id > $1 ORDER BY id LIMIT ${pageSize}',
  [after],
);
if (rows.length === 0) return [null, { payload: context.get('total') ?? 0 }];
context.set('after', rows[rows.length - 1].id);
context.set('total', (context.get('total') ?? 0) + rows.length);
return [{ payload: rows }, null];`;

const recordType = targetNames
  .split(', ')
  .map(
    (name) =>
      `${name} ${{ id: 'bigint', birth_date: 'date', signup_date: 'date', updated_at: 'timestamptz', balance: 'numeric(12,2)', attrs: 'jsonb' }[name] ?? 'text'}`,
  )
  .join(', ');
const upsertPage = (target) => `await context.get('pool').query(
  'INSERT INTO ${target}.customers (${targetNames}) SELECT ${targetNames} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType}) ${upsertTail}',
  [JSON.stringify(msg.payload)],
);
return msg;`;
const placeholders = targetNames
  .split(', ')
  .map((_, i) => `$${i + 1}`)
  .join(', ');
const upsertRow = (target) => `const r = msg.payload;
await context.get('pool').query(
  'INSERT INTO ${target}.customers (${targetNames}) VALUES (${placeholders}) ${upsertTail}',
  [${targetNames
    .split(', ')
    .map((name) => `r.${name}`)
    .join(', ')}],
);
return msg;`;

const tab = 'bench';
const node = (id, type, wires, props) => ({
  id,
  type,
  z: tab,
  name: id,
  wires,
  ...props,
});
const fn = (id, func, wires, extra = {}) =>
  node(id, 'function', wires, { func, outputs: wires.length, timeout: 0, noerr: 0, libs: [], ...extra });

/** The Node-RED flow JSON (an array of nodes) for one variant, `batch` or `per-row`. */
export function nodeRedFlow(variant, { source, target, pgUrl, pageSize }) {
  if (variant !== 'batch' && variant !== 'per-row')
    throw new Error(`unknown Node-RED variant "${variant}": use batch or per-row`);
  const perRow = variant === 'per-row';
  const start = node('start', 'inject', [['read a page']], {
    props: [{ p: 'payload' }],
    repeat: '',
    crontab: '',
    once: true,
    onceDelay: 0.1,
    topic: '',
    payload: '',
    payloadType: 'date',
  });
  const read = fn(
    'read a page',
    readPage(source, pageSize),
    [[perRow ? 'split' : 'map the page'], ['finish']],
    {
      initialize: openPool(pgUrl, 1),
      finalize: closePool,
    },
  );
  const finish = fn('finish', `global.get('bench').finished(msg.payload);\nreturn null;`, []);
  const errors = node('errors', 'catch', [['fail']], { scope: null, uncaught: false });
  const fail = fn(
    'fail',
    `global.get('bench').failed(String(msg.error?.message ?? msg.error));\nreturn null;`,
    [],
  );
  const batch = [
    fn('map the page', `${lookups}\nmsg.payload = msg.payload.map((r) => ${mapOne});\nreturn msg;`, [
      ['upsert the page'],
    ]),
    fn('upsert the page', upsertPage(target), [['read a page']], {
      initialize: openPool(pgUrl, 1),
      finalize: closePool,
    }),
  ];
  const rows = [
    node('split', 'split', [['map one row']], {
      splt: '\\n',
      spltType: 'str',
      arraySplt: 1,
      arraySpltType: 'len',
      stream: false,
      addname: '',
      property: 'payload',
    }),
    fn('map one row', `${lookups}\nconst r = msg.payload;\nmsg.payload = ${mapOne};\nreturn msg;`, [
      ['upsert one row'],
    ]),
    fn('upsert one row', upsertRow(target), [['join']], {
      initialize: openPool(pgUrl, 10),
      finalize: closePool,
    }),
    node('join', 'join', [['read a page']], {
      mode: 'auto',
      build: 'array',
      property: 'payload',
      propertyType: 'msg',
      key: 'topic',
      joiner: '\\n',
      joinerType: 'str',
      useparts: false,
      accumulate: false,
      timeout: '',
      count: '',
      reduceRight: false,
    }),
  ];
  const nodes = [start, read, ...(perRow ? rows : batch), finish, errors, fail];
  // One column in the editor, should anyone import the flow to look at it.
  return [
    { id: tab, type: 'tab', label: `syncline bench, ${variant}` },
    ...nodes.map((n, i) => ({ ...n, x: 200, y: 60 * (i + 1) })),
  ];
}
