/**
 * A Date whose "local" getters and setters are the UTC ones. date-fns reads and writes wall-clock
 * fields through the local methods; handing it UTCDate (through its `in` option) makes parse and
 * format work in UTC, so a mapping gives the same result on every machine whatever its TZ, and
 * no wall-clock time falls into a daylight-saving gap. Mirrors what @date-fns/utc does.
 */
export class UTCDate extends Date {
  constructor(value: number | Date) {
    super(typeof value === 'number' ? value : value.getTime());
  }
  override getFullYear(): number {
    return this.getUTCFullYear();
  }
  override getMonth(): number {
    return this.getUTCMonth();
  }
  override getDate(): number {
    return this.getUTCDate();
  }
  override getDay(): number {
    return this.getUTCDay();
  }
  override getHours(): number {
    return this.getUTCHours();
  }
  override getMinutes(): number {
    return this.getUTCMinutes();
  }
  override getSeconds(): number {
    return this.getUTCSeconds();
  }
  override getMilliseconds(): number {
    return this.getUTCMilliseconds();
  }
  override getTimezoneOffset(): number {
    return 0;
  }
  override setFullYear(...args: Parameters<Date['setUTCFullYear']>): number {
    return this.setUTCFullYear(...args);
  }
  override setMonth(...args: Parameters<Date['setUTCMonth']>): number {
    return this.setUTCMonth(...args);
  }
  override setDate(...args: Parameters<Date['setUTCDate']>): number {
    return this.setUTCDate(...args);
  }
  override setHours(...args: Parameters<Date['setUTCHours']>): number {
    return this.setUTCHours(...args);
  }
  override setMinutes(...args: Parameters<Date['setUTCMinutes']>): number {
    return this.setUTCMinutes(...args);
  }
  override setSeconds(...args: Parameters<Date['setUTCSeconds']>): number {
    return this.setUTCSeconds(...args);
  }
  override setMilliseconds(...args: Parameters<Date['setUTCMilliseconds']>): number {
    return this.setUTCMilliseconds(...args);
  }
}

/** The `in` context for date-fns: every date it builds is a UTCDate. */
export function inUtc(value: Date | number | string): UTCDate {
  return new UTCDate(typeof value === 'string' ? Number.NaN : +value);
}
