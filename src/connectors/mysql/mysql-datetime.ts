/**
 * DATETIME and TIMESTAMP text between the server's form (`2025-01-02 03:04:05.123456`) and the
 * 0005 form (`2025-01-02T03:04:05.123456`, plus `Z` for TIMESTAMP). Sessions run with
 * time_zone '+00:00', so a TIMESTAMP is read and written in UTC. Fractional digits are kept as
 * text throughout: a JavaScript Date would drop the microseconds.
 */

/** The server's DATETIME/TIMESTAMP text as a 0005 ISO string; `isUtc` adds the `Z` of a TIMESTAMP. */
export function fromMysqlDatetime(text: string, isUtc: boolean): string {
  const iso = text.replace(' ', 'T');
  return isUtc ? `${iso}Z` : iso;
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO-8601 date-time as DATETIME/TIMESTAMP literal text, or undefined when the text is not
 * one (the server then judges it, and refuses it in strict mode). A zone offset is applied:
 * the result is UTC, which is what a TIMESTAMP means in a '+00:00' session and the only
 * deterministic choice for a zone-less DATETIME. MariaDB refuses both 'T' with a zone and 'Z'.
 */
export function toMysqlDatetime(text: string): string | undefined {
  const utcEnd = utcIsoEnd(text);
  if (utcEnd > 0) return `${text.slice(0, 10)} ${text.slice(11, utcEnd)}`;
  const match = isoPattern.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone] = match as unknown as string[];
  const offset = zoneMinutes(zone);
  if (offset === 0) return `${year}-${month}-${day} ${hour}:${minute}:${second}${fraction}`;
  const at = new Date(0);
  at.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  at.setUTCHours(Number(hour), Number(minute) - offset, Number(second), 0);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return `${date} ${time}${fraction}`;
}

function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/**
 * The end of the date-time in the form sources usually send (`2025-01-02T03:04:05.123456Z`:
 * seconds, up to 9 fractional digits, `Z` or no zone), or 0 for any other text. That form
 * needs no zone arithmetic, only the `T` replaced, so it skips the regular expression: a
 * timestamp column costs a bulk write one check per row, not a match.
 */
function utcIsoEnd(text: string): number {
  const length = text.length;
  if (length < 19 || length > 30) return 0;
  for (let i = 0; i < 19; i++) {
    const code = text.charCodeAt(i);
    if (i === 4 || i === 7) {
      if (code !== 45) return 0; // -
    } else if (i === 13 || i === 16) {
      if (code !== 58) return 0; // :
    } else if (i === 10) {
      if (code !== 84 && code !== 32) return 0; // T or space
    } else if (code < 48 || code > 57) return 0;
  }
  let end = length;
  const last = text.charCodeAt(length - 1);
  if (last === 90 || last === 122) end--;
  if (end === 19) return end;
  if (text.charCodeAt(19) !== 46 || end === 20 || end > 29) return 0;
  for (let i = 20; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return 0;
  }
  return end;
}
