const day = 86_400_000;
// Day 1 of the 1900 system is 1900-01-01; Excel also counts 1900-02-29 (day 60), which never
// was, a bug kept from Lotus 1-2-3. So days up to 59 count from 1899-12-31, later ones from
// 1899-12-30.
const before1900Bug = Date.UTC(1899, 11, 31);
const after1900Bug = Date.UTC(1899, 11, 30);
const epoch1904 = Date.UTC(1904, 0, 1);
const lastSerial = 2_958_465; // 9999-12-31, Excel's last day

/**
 * The wall-clock time (as UTC epoch milliseconds) an Excel serial date stands for: whole days
 * plus the time of day as a fraction, in the 1900 system (Windows Excel, LibreOffice) or the
 * 1904 one (old Mac Excel). Undefined for serials that are no date: below 1 in the 1900 system
 * (below 0 in 1904), beyond 9999-12-31, and 60, Excel's 1900-02-29.
 */
export function excelSerialToWall(serial: number, system: 1900 | 1904): number | undefined {
  if (!Number.isFinite(serial) || serial > lastSerial) return undefined;
  const ms = Math.round(serial * day);
  if (system === 1904) return serial < 0 ? undefined : epoch1904 + ms;
  if (serial < 1 || Math.floor(serial) === 60) return undefined;
  return (serial < 60 ? before1900Bug : after1900Bug) + ms;
}
