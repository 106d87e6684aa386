// Mapping benchmark: a 12-field mapping with realistic transforms, compiled by compileMapping,
// against a hand-written JavaScript function doing the same work, on the same generated rows in
// the same process. Run after a build:  npm run build --silent && node bench/mapping.bench.mjs
//
//   --rows N    rows per pass (default 1000000)
//   --check     exit 1 when the compiled mapping is slower than 0.9x the hand-written one
//
// Both sides use the same libraries and helpers for the heavy lifting (libphonenumber-js for
// phones, decimal.js at 34 digits for money, syncline's name splitter and decimal rounding), so
// the ratio measures what the compiled mapping adds: dispatch through the compiled steps, issue
// checks, outcomes. A second, lighter mapping without phones and money shows that overhead with
// less work around it. Times are CPU time (process.cpuUsage), best of 3 passes, the passes of
// the two sides alternating, so other processes on the machine disturb the ratio little.

import { Decimal } from 'decimal.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { compileMapping } from '../dist/mapping/compile-mapping.js';
import { roundNumber } from '../dist/mapping/exact-decimal.js';
import { splitFullName } from '../dist/mapping/transforms/split-name.js';

const args = process.argv.slice(2);
const rowCount = Number(args[args.indexOf('--rows') + 1] || 1_000_000) || 1_000_000;
const isCheck = args.includes('--check');
const goal = 0.9;
const passes = 3;

// ---------------------------------------------------------------- deterministic rows

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const people = [
  ['Luís', 'Gonçalves'],
  ['Leonie', 'Köhler'],
  ['François', 'Tremblay'],
  ['Bjørn', 'Hansen'],
  ['František', 'Wichterlová'],
  ['Helena', 'Holý'],
  ['Johannes', 'Van der Berg'],
  ['Stanisław', 'Wójcik'],
  ['Enrique', 'Muñoz'],
  ['Terhi', 'Hämäläinen'],
  ['Mary Ann', 'Smith'],
  ['João', 'Fernandes'],
];
const phones = [
  '+55 (12) 3923-5555',
  '+49 0711 2842222',
  '+1 (514) 721-4711',
  '+47 22 44 22 22',
  '+420 2 4172 5555',
  '+43 01 5134505',
  '+351 (225) 022-448',
  '+33 01 49 70 65 65',
  '+48 22 828 37 39',
  '+34 914 454 454',
];
const countries = [
  'Brazil',
  'Germany',
  'Canada',
  'Norway',
  'Czech Republic',
  'Austria',
  'Portugal',
  'France',
];
const cities = ['são josé dos campos', 'STUTTGART', 'montréal', 'oslo', 'prague', 'wien', 'porto', 'paris'];
const segments = ['retail', 'wholesale', null, '', 'online'];
const flags = ['Y', 'N', 'yes', 'no', '1', '0', 'TRUE', 'off'];

function generateRows(count) {
  const random = mulberry32(20240105);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const rows = new Array(count);
  for (let i = 0; i < count; i++) {
    const [first, last] = pick(people);
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const year = 2009 + Math.floor(random() * 16);
    const quantity = Math.floor(random() * 2_000_000);
    rows[i] = {
      CustomerId: i + 1,
      Email: `  ${first.replace(' ', '.')}.${last.replace(/ /g, '')}${i}@Example.COM `,
      CustomerName: `${first} ${last}`,
      FirstName: first,
      LastName: last,
      SignedUp: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
      Country: pick(countries),
      Quantity: quantity.toLocaleString('en-US'),
      Score: Math.round(random() * 100_000) / 1000,
      Phone: pick(phones),
      City: pick(cities),
      Segment: pick(segments),
      Active: pick(flags),
      TotalUsd: Math.round(random() * 1_000_000) / 100,
    };
  }
  return rows;
}

// ---------------------------------------------------------------- the compiled mapping

const countryCodes = {
  Brazil: 'BR',
  Germany: 'DE',
  Canada: 'CA',
  Norway: 'NO',
  'Czech Republic': 'CZ',
  Austria: 'AT',
  Portugal: 'PT',
  France: 'FR',
};
const lookups = { countries: countryCodes, fx: { EUR: 1, USD: '1.0823' } };

const fullFields = [
  { from: 'Email', to: 'email', transform: 'trim | lower' },
  { from: 'CustomerName', to: ['first_name', 'last_name'], transform: 'split-name' },
  { from: 'SignedUp', to: 'signed_up', transform: "format-date(from: 'dd/MM/yyyy', to: 'yyyy-MM-dd')" },
  { from: 'Country', to: 'country_code', transform: 'lookup(countries)' },
  { from: 'Quantity', to: 'quantity', transform: 'parse-number' },
  { from: 'Score', to: 'score', transform: 'round(1)' },
  { from: 'Phone', to: 'phone', transform: 'phone' },
  { from: 'City', to: 'city', transform: 'title-case' },
  { from: ['FirstName', 'LastName'], to: 'full_name', transform: "join(' ')" },
  { from: 'Segment', to: 'segment', transform: "default('retail')" },
  { from: 'Active', to: 'active', transform: 'boolean' },
  { from: 'TotalUsd', to: 'total_eur', transform: 'convert-currency(from: USD, to: EUR, rates: fx)' },
];
const heavy = new Set(['phone', 'total_eur']);
const lightFields = fullFields.filter((field) => !heavy.has(field.to));

function compiled(fields) {
  const result = compileMapping(fields, { lookups, onInvalid: 'dead-letter' });
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.map;
}

// ---------------------------------------------------------------- the hand-written function

const noWarnings = Object.freeze([]);
const countryMap = new Map(Object.entries(countryCodes));
// The precision syncline's exact decimals use (IEEE 754 decimal128).
const Decimal34 = Decimal.clone({ precision: 34 });
const usdRate = new Decimal34('1.0823');
const trueWords = new Set(['true', 'yes', 'y', '1', 'on', 't']);
const falseWords = new Set(['false', 'no', 'n', '0', 'off', 'f']);
const datePattern = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const quantityPattern = /^[+-]?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?$/;

function handWritten(withHeavy) {
  return function mapByHand(row) {
    const out = {};
    let issues;
    const fail = (field, message) => {
      issues = issues ?? [];
      issues.push({ code: 'invalid', path: field, message });
    };

    const email = row.Email;
    out.email = typeof email === 'string' ? email.trim().toLowerCase() : email;

    const name = row.CustomerName;
    const parts = typeof name === 'string' ? splitFullName(name) : undefined;
    out.first_name = parts === undefined ? null : parts.given.join(' ') || null;
    out.last_name = parts === undefined ? null : parts.last;

    const date = datePattern.exec(row.SignedUp);
    if (date === null) fail('signed_up', 'bad date');
    else {
      const [, d, m, y] = date;
      const check = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(m) - 1)
        fail('signed_up', 'bad date');
      else out.signed_up = `${y}-${m}-${d}`;
    }

    const code = countryMap.get(row.Country);
    if (code === undefined) fail('country_code', 'unknown country');
    else out.country_code = code;

    const quantity = row.Quantity.trim();
    if (!quantityPattern.test(quantity)) fail('quantity', 'not a number');
    else out.quantity = Number(quantity.replaceAll(',', ''));

    const score = row.Score;
    out.score = roundNumber(score, 1, 'half-up');

    if (withHeavy) {
      const phone = parsePhoneNumberFromString(row.Phone);
      if (phone === undefined || !phone.isValid()) fail('phone', 'bad phone');
      else out.phone = phone.format('E.164');
    }

    out.city = row.City.toLowerCase().replace(
      /(^|[^\p{L}\p{N}\p{M}])(\p{L})/gu,
      (_m, before, letter) => before + letter.toUpperCase(),
    );

    const first = row.FirstName;
    const last = row.LastName;
    out.full_name = first && last ? `${first} ${last}` : first || last || null;

    const segment = row.Segment;
    out.segment = segment === null || segment === undefined || segment.trim() === '' ? 'retail' : segment;

    const flag = row.Active.trim().toLowerCase();
    if (trueWords.has(flag)) out.active = true;
    else if (falseWords.has(flag)) out.active = false;
    else fail('active', 'not a yes/no value');

    if (withHeavy) {
      out.total_eur = new Decimal34(row.TotalUsd)
        .dividedBy(usdRate)
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2);
    }

    if (issues !== undefined) return { ok: false, issues, stop: false };
    return { ok: true, row: out, warnings: noWarnings };
  };
}

// ---------------------------------------------------------------- measuring

function verifySame(a, b, rows, label) {
  for (let i = 0; i < Math.min(rows.length, 20_000); i++) {
    const left = a(rows[i]);
    const right = b(rows[i]);
    const same = left.ok === right.ok && (!left.ok || JSON.stringify(left.row) === JSON.stringify(right.row));
    if (!same) {
      throw new Error(
        `${label}: the two functions disagree on row ${i}:\n${JSON.stringify(rows[i])}\ncompiled: ${JSON.stringify(left)}\nhand-written: ${JSON.stringify(right)}`,
      );
    }
  }
}

function cpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function timeOnce(map, rows) {
  let written = 0;
  const start = cpuSeconds();
  for (let i = 0; i < rows.length; i++) if (map(rows[i]).ok) written++;
  const seconds = cpuSeconds() - start;
  if (written !== rows.length) throw new Error(`only ${written} of ${rows.length} rows mapped`);
  return seconds;
}

function measure(label, compiledMap, handMap, rows) {
  verifySame(compiledMap, handMap, rows, label);
  // Warm both up, then alternate the passes so drift on a busy machine hits both alike.
  timeOnce(compiledMap, rows.slice(0, 50_000));
  timeOnce(handMap, rows.slice(0, 50_000));
  const compiledTimes = [];
  const handTimes = [];
  for (let pass = 0; pass < passes; pass++) {
    compiledTimes.push(timeOnce(compiledMap, rows));
    handTimes.push(timeOnce(handMap, rows));
  }
  const compiledRate = rows.length / Math.min(...compiledTimes);
  const handRate = rows.length / Math.min(...handTimes);
  const ratio = compiledRate / handRate;
  const format = (rate) => `${Math.round(rate).toLocaleString('en-US').padStart(11)} rows/s`;
  console.log(`${label}`);
  console.log(`  compiled mapping      ${format(compiledRate)}  (best of ${passes})`);
  console.log(`  hand-written function ${format(handRate)}  (best of ${passes})`);
  console.log(`  ratio compiled/hand   ${ratio.toFixed(3)}  (goal >= ${goal})`);
  return ratio;
}

console.log(`generating ${rowCount.toLocaleString('en-US')} rows...`);
const rows = generateRows(rowCount);
console.log(`node ${process.version}, ${rowCount.toLocaleString('en-US')} rows per pass\n`);

const fullRatio = measure(
  '12-field mapping (trim|lower, split-name, format-date, lookup, parse-number, round, phone, title-case, join, default, boolean, convert-currency)',
  compiled(fullFields),
  handWritten(true),
  rows,
);
console.log('');
measure(
  'the same without phone and convert-currency (less work around the mapping overhead)',
  compiled(lightFields),
  handWritten(false),
  rows,
);

console.log(
  `\n${fullRatio >= goal ? 'ok' : 'BELOW GOAL'}: the compiled 12-field mapping runs at ${fullRatio.toFixed(2)}x the hand-written speed`,
);
if (isCheck && fullRatio < goal) process.exitCode = 1;
