import { afterEach, describe, expect, it } from 'vitest';
import { excelSerialToWall } from '../excel-serial.js';
import { timeZone } from '../time-zone.js';
import { compileProblems, problem, step } from './compile-for-test.js';

const utc = (...parts: [number, number, number, number?, number?, number?, number?]) =>
  new Date(
    Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0, parts[6] ?? 0),
  );

const originalTz = process.env.TZ;

describe('parse-date', () => {
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('reads text with several patterns in order, into a date', () => {
    const run = step("parse-date(['dd/MM/yyyy', 'yyyy-MM-dd HH:mm:ss', iso])");
    expect(run('31/12/2023')).toEqual(utc(2023, 12, 31));
    expect(run('2021-01-01 00:00:00')).toEqual(utc(2021, 1, 1));
    expect(run('2024-01-05T22:30:00-03:00')).toEqual(utc(2024, 1, 6, 1, 30));
    expect(problem(run('2024/13/01'))).toEqual({
      code: 'bad-date',
      message: '"2024/13/01" matches none of the date patterns tried: dd/MM/yyyy, yyyy-MM-dd HH:mm:ss, iso',
    });
  });

  it('reads ISO 8601 by default, and passes dates through', () => {
    const run = step('parse-date');
    expect(run('2024-02-29')).toEqual(utc(2024, 2, 29));
    expect(run('2024-02-29T10:15:30.250Z')).toEqual(utc(2024, 2, 29, 10, 15, 30, 250));
    const date = utc(2020, 5, 17);
    expect(run(date)).toBe(date);
    expect(problem(run('2023-02-29')).code).toBe('bad-date');
  });

  it('reads Unix epoch seconds and milliseconds, as numbers or text', () => {
    expect(step('parse-date(epoch-s)')(1704067200)).toEqual(utc(2024, 1, 1));
    expect(step('parse-date(epoch-s)')('1704067200.5')).toEqual(utc(2024, 1, 1, 0, 0, 0, 500));
    expect(step('parse-date(epoch-ms)')('1704067200000')).toEqual(utc(2024, 1, 1));
    expect(step('parse-date')(1704067200000)).toEqual(utc(2024, 1, 1));
    expect(step("parse-date(['yyyyMMdd', epoch-s])")('20240105')).toEqual(utc(2024, 1, 5));
  });

  it('reads Excel serial dates with the 1900 leap-year bug, and the 1904 system', () => {
    const excel = step('parse-date(excel)');
    expect(excel(1)).toEqual(utc(1900, 1, 1));
    expect(excel(59)).toEqual(utc(1900, 2, 28));
    expect(excel(61)).toEqual(utc(1900, 3, 1));
    expect(excel(45292)).toEqual(utc(2024, 1, 1));
    expect(excel('45292.75')).toEqual(utc(2024, 1, 1, 18));
    expect(excel(44197.000011574)).toEqual(utc(2021, 1, 1, 0, 0, 1));
    expect(problem(excel(60))).toEqual({
      code: 'bad-date',
      message: '60 is not a date in the numeric format of: excel',
    });
    expect(problem(excel(0)).code).toBe('bad-date');
    expect(step('parse-date(excel-1904)')(43830)).toEqual(utc(2024, 1, 1));
  });

  it('reads wall-clock times in a time zone, the same on every machine', () => {
    const run = step("parse-date(['yyyy-MM-dd HH:mm', iso, excel], timezone: 'America/Sao_Paulo')");
    for (const zone of ['UTC', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
      process.env.TZ = zone;
      expect(run('2024-01-05 09:00')).toEqual(utc(2024, 1, 5, 12));
      expect(run('2024-01-05')).toEqual(utc(2024, 1, 5, 3));
      expect(run('2024-01-05T09:00:00Z')).toEqual(utc(2024, 1, 5, 9));
      expect(run(45292)).toEqual(utc(2024, 1, 1, 3));
    }
  });

  it('moves a time in a daylight-saving gap forward, and takes the earlier of a repeated hour', () => {
    const berlin = step("parse-date('yyyy-MM-dd HH:mm', timezone: Europe/Berlin)");
    expect(berlin('2024-03-31 01:59')).toEqual(utc(2024, 3, 31, 0, 59));
    expect(berlin('2024-03-31 02:30')).toEqual(utc(2024, 3, 31, 1, 30));
    expect(berlin('2024-03-31 03:00')).toEqual(utc(2024, 3, 31, 1));
    expect(berlin('2024-10-27 02:30')).toEqual(utc(2024, 10, 27, 0, 30));
    expect(berlin('2024-10-27 03:30')).toEqual(utc(2024, 10, 27, 2, 30));
    const saoPaulo2018 = step("parse-date('yyyy-MM-dd HH:mm', timezone: America/Sao_Paulo)");
    expect(saoPaulo2018('2018-11-04 00:30')).toEqual(utc(2018, 11, 4, 3, 30));
  });

  it('passes null, turns blank text into null, refuses what is no date', () => {
    const run = step('parse-date');
    expect(run(null)).toBeNull();
    expect(run('  ')).toBeNull();
    expect(problem(run(true))).toEqual({
      code: 'bad-date',
      message: 'true is not a date (expected text, a date or a number)',
    });
    expect(problem(run(new Date(Number.NaN))).message).toBe('an invalid date is not a valid date');
  });

  it('refuses bad patterns and time zones when the mapping compiles', () => {
    expect(compileProblems("parse-date('DD.MM.YYYY')")).toEqual([
      'bad-date-pattern: transform "parse-date": from pattern "DD.MM.YYYY" uses Y or D (week-numbering year, day of the year); write yyyy for the year and dd for the day of the month',
    ]);
    expect(compileProblems("parse-date(iso, timezone: 'Europe/Berln')")).toEqual([
      'bad-time-zone: transform "parse-date": timezone "Europe/Berln" is not a time zone this system knows; use an IANA name such as Europe/Berlin or America/Sao_Paulo',
    ]);
  });
});

describe('format-date with time zones and numeric formats', () => {
  it('writes wall-clock time in a zone, with its offset where the pattern asks', () => {
    expect(step("format-date('dd.MM.yyyy HH:mm', timezone: 'Europe/Berlin')")('2024-07-01T10:00:00Z')).toBe(
      '01.07.2024 12:00',
    );
    expect(step("format-date('yyyy-MM-dd HH:mm XXX', timezone: 'Asia/Kolkata')")(utc(2024, 1, 1))).toBe(
      '2024-01-01 05:30 +05:30',
    );
    expect(step("format-date(iso, timezone: 'America/St_Johns')")(utc(2024, 7, 1, 12))).toBe(
      '2024-07-01T09:30:00.000-02:30',
    );
    expect(step("format-date(iso, timezone: 'UTC')")(utc(2024, 7, 1, 12))).toBe('2024-07-01T12:00:00.000Z');
  });
  it('reads and writes wall-clock text in the same zone, so reformatting never shifts it', () => {
    const run = step(
      "format-date(from: 'dd/MM/yyyy HH:mm', to: 'yyyy-MM-dd HH:mm', timezone: 'Europe/Berlin')",
    );
    expect(run('27/10/2024 02:30')).toBe('2024-10-27 02:30');
    expect(run('15/01/2024 23:59')).toBe('2024-01-15 23:59');
  });
  it('reads in one zone and writes in another', () => {
    const run = step(
      "format-date(from: 'yyyy-MM-dd HH:mm', to: 'yyyy-MM-dd HH:mm', fromTimezone: 'America/Sao_Paulo', timezone: 'Asia/Tokyo')",
    );
    expect(run('2024-01-05 09:00')).toBe('2024-01-05 21:00');
  });
  it('reads Excel serials and epochs, writes epoch numbers', () => {
    expect(step("format-date('yyyy-MM-dd HH:mm', from: excel)")(45292.5)).toBe('2024-01-01 12:00');
    expect(step('format-date(epoch-s)')('2024-01-01T00:00:00Z')).toBe(1704067200);
    expect(step("format-date(epoch-ms, from: 'dd/MM/yyyy')")('01/01/2024')).toBe(1704067200000);
  });
  it('refuses to write Excel serials and bad zones', () => {
    expect(compileProblems('format-date(excel)')).toEqual([
      'bad-date-pattern: transform "format-date": to pattern "excel" cannot be written; write epoch-s, epoch-ms, iso or a date-fns pattern',
    ]);
    expect(compileProblems("format-date(iso, timezone: 'Mars/Olympus')")).toEqual([
      'bad-time-zone: transform "format-date": timezone "Mars/Olympus" is not a time zone this system knows; use an IANA name such as Europe/Berlin or America/Sao_Paulo',
    ]);
  });
});

describe('timeZone', () => {
  it('gives offsets from the ICU data, historical ones included', () => {
    const berlin = timeZone('Europe/Berlin');
    expect(berlin?.offsetAt(Date.UTC(2024, 0, 1))).toBe(3_600_000);
    expect(berlin?.offsetAt(Date.UTC(2024, 6, 1))).toBe(7_200_000);
    expect(timeZone('Asia/Kathmandu')?.offsetAt(Date.UTC(2024, 0, 1))).toBe(20_700_000);
    expect(timeZone('Etc/UTC')?.isUtc).toBe(true);
    expect(timeZone('Nowhere/Special')).toBeUndefined();
  });
  it('finds the instant of any wall-clock time across a year of transitions', () => {
    const zone = timeZone('America/Sao_Paulo');
    if (zone === undefined) throw new Error('no zone');
    for (let hour = 0; hour < 24 * 366 * 2; hour += 7) {
      const instant = Date.UTC(2017, 0, 1) + hour * 3_600_000;
      const wall = instant + zone.offsetAt(instant);
      const back = zone.toInstant(wall);
      expect(back + zone.offsetAt(back)).toBe(wall);
    }
  });
});

describe('excelSerialToWall', () => {
  it('follows Excel day for day around the 1900 leap-year bug', () => {
    expect(excelSerialToWall(59, 1900)).toBe(Date.UTC(1900, 1, 28));
    expect(excelSerialToWall(60, 1900)).toBeUndefined();
    expect(excelSerialToWall(61, 1900)).toBe(Date.UTC(1900, 2, 1));
    expect(excelSerialToWall(2958465, 1900)).toBe(Date.UTC(9999, 11, 31));
    expect(excelSerialToWall(2958466, 1900)).toBeUndefined();
    expect(excelSerialToWall(0, 1904)).toBe(Date.UTC(1904, 0, 1));
  });
});
