// The test API's in-memory collections: records keyed by their key fields, with the checks a
// real API makes (required fields, value types, duplicate keys) and stable ordering for paging.

const checks = {
  integer: (v) => Number.isInteger(v) || typeof v === 'bigint',
  bigint: (v) => Number.isInteger(v) || typeof v === 'bigint',
  decimal: (v) => typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v),
  float: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  text: (v) => typeof v === 'string',
  date: (v) => typeof v === 'string',
  time: (v) => typeof v === 'string',
  timestamp: (v) => typeof v === 'string',
  timestamptz: (v) => typeof v === 'string',
  binary: (v) => typeof v === 'string',
  json: () => true,
};

export class RecordError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** Compares key or cursor values: numbers (and BigInt) by value, anything else as text. */
export function compare(a, b) {
  const isNumeric = (v) => typeof v === 'number' || typeof v === 'bigint';
  if (isNumeric(a) && isNumeric(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function createCollection({ name, key, columns = [], cursorField = 'updated_at' }) {
  const records = new Map();
  const types = new Map(columns.map((c) => [c.name, c]));
  const idOf = (record) => JSON.stringify(key.map((k) => String(record[k])));
  /** Key values from URL segments, typed by the column (an integer key comes back a number). */
  const keyFromSegments = (segments) => {
    if (segments.length !== key.length) throw new RecordError(404, 'not-found', 'no such record');
    const out = {};
    key.forEach((k, i) => {
      const text = segments[i];
      const type = types.get(k)?.type;
      out[k] = type === 'integer' || type === 'bigint' ? parseIntegerKey(text) : text;
    });
    return out;
  };
  const validate = (record) => {
    for (const column of columns) {
      const value = record[column.name];
      if (value === null || value === undefined) {
        if (column.notNull || key.includes(column.name)) {
          throw new RecordError(422, 'not-null', `${column.name} is required`, column.name);
        }
      } else if (!checks[column.type](value)) {
        throw new RecordError(422, 'invalid-value', `${column.name} must be a ${column.type}`, column.name);
      }
    }
  };
  const sorted = (byCursor) =>
    [...records.values()].sort((a, b) => {
      if (byCursor) {
        const order = compare(a[cursorField], b[cursorField]);
        if (order !== 0) return order;
      }
      for (const k of key) {
        const order = compare(a[k], b[k]);
        if (order !== 0) return order;
      }
      return 0;
    });
  const complete = (record) => {
    const out = {};
    for (const column of columns) out[column.name] = record[column.name] ?? null;
    return { ...out, ...record };
  };

  return {
    name,
    key,
    /** Records in key order, or with `since`, those whose cursor is at or after it, by cursor then key. */
    list(since, byCursor = false) {
      if (since === undefined) return sorted(byCursor);
      return sorted(true).filter((r) => r[cursorField] !== null && compare(r[cursorField], since) >= 0);
    },
    all: () => [...records.values()],
    get(keyValues) {
      return records.get(idOf(keyValues));
    },
    keyFromSegments,
    insert(record) {
      validate(record);
      if (records.has(idOf(record))) throw new RecordError(409, 'duplicate-key', 'the key exists');
      records.set(idOf(record), complete(record));
    },
    /** Creates, or merges the given fields into the record with this key. */
    upsert(record) {
      const existing = records.get(idOf(record));
      const merged = existing === undefined ? complete(record) : { ...existing, ...record };
      validate(merged);
      records.set(idOf(record), merged);
    },
    update(record) {
      const existing = records.get(idOf(record));
      if (existing === undefined) throw new RecordError(404, 'not-found', 'no record with this key');
      const merged = { ...existing, ...record };
      validate(merged);
      records.set(idOf(record), merged);
    },
    /** Whether a record was there to delete. */
    remove(keyValues) {
      return records.delete(idOf(keyValues));
    },
    /** Admin: insert or replace without checks. */
    replace(record) {
      records.set(idOf(record), complete(record));
    },
  };
}

function parseIntegerKey(text) {
  if (!/^-?\d+$/.test(text)) throw new RecordError(404, 'not-found', 'no such record');
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}
