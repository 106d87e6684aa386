/**
 * IANA time zones without a date library: offsets come from Intl (the ICU data in Node), so
 * they follow every historical and future rule ICU knows. Used to read wall-clock times
 * written in a zone and to write an instant as a zone's wall clock. No clock is read here.
 */
export interface TimeZone {
  readonly name: string;
  readonly isUtc: boolean;
  /** Milliseconds to add to an instant to get the zone's wall clock at that instant. */
  offsetAt(instant: number): number;
  /**
   * The instant at which the zone's wall clock shows `wall` (wall-clock fields stored as UTC
   * epoch milliseconds). A wall time that happens twice (clocks going back) gives the earlier
   * instant; one that never happens (clocks going forward) is moved forward by the gap, so
   * 02:30 on a night that skips from 02:00 to 03:00 is read as 03:30.
   */
  toInstant(wall: number): number;
}

const hour = 3_600_000;
const day = 24 * hour;
const maxCachedHours = 50_000;

export const utc: TimeZone = {
  name: 'UTC',
  isUtc: true,
  offsetAt: () => 0,
  toInstant: (wall) => wall,
};

/** The zone of an IANA name ('Europe/Berlin', 'America/Sao_Paulo', 'UTC'), or undefined. */
export function timeZone(name: string): TimeZone | undefined {
  if (name === 'UTC' || name === 'Etc/UTC') return utc;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const resolved = format.resolvedOptions().timeZone;
  if (resolved === 'UTC' || resolved === 'Etc/UTC') return utc;

  const exactOffset = (instant: number): number => {
    const seconds = instant - (((instant % 1000) + 1000) % 1000);
    const fields: Record<string, number> = {};
    let isBc = false;
    for (const part of format.formatToParts(seconds)) {
      if (part.type === 'era') isBc = part.value.startsWith('B');
      else if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const year = isBc ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
    const wall = new Date(0);
    wall.setUTCFullYear(year, (fields.month ?? 1) - 1, fields.day ?? 1);
    wall.setUTCHours(fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0, 0);
    return wall.getTime() - seconds;
  };

  // Offsets change a few times a year, so they are cached per hour; an hour with a change in
  // it is not cached and is worked out exactly each time.
  const cache = new Map<number, number>();
  const offsetAt = (instant: number): number => {
    const bucket = Math.floor(instant / hour);
    const cached = cache.get(bucket);
    if (cached !== undefined) return cached;
    const start = bucket * hour;
    const first = exactOffset(start);
    if (first !== exactOffset(start + hour - 1)) return exactOffset(instant);
    if (cache.size >= maxCachedHours) cache.clear();
    cache.set(bucket, first);
    return first;
  };

  return {
    name: resolved,
    isUtc: false,
    offsetAt,
    toInstant(wall) {
      const before = offsetAt(wall - day);
      const after = offsetAt(wall + day);
      let best: number | undefined;
      for (const offset of before === after ? [before] : [before, after]) {
        const instant = wall - offset;
        if (offsetAt(instant) === offset && (best === undefined || instant < best)) best = instant;
      }
      return best ?? wall - before;
    },
  };
}

/** The zone for a step argument (UTC when not given), or what is wrong with the name. */
export function zoneArgument(name: string | undefined, argument: string): TimeZone | string {
  if (name === undefined) return utc;
  return (
    timeZone(name) ??
    `${argument} "${name}" is not a time zone this system knows; use an IANA name such as Europe/Berlin or America/Sao_Paulo`
  );
}
