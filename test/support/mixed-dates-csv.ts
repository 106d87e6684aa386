/**
 * 100 sign-ups written with deliberately mixed date formats: 60 day-first (13..28 as the day),
 * 11 ambiguous (both parts up to 12), 20 month-first, 9 ISO. Profile and discovery must report
 * dd/MM/yyyy 71% (the ambiguous ones follow the majority), MM/dd/yyyy 20%, ISO 9%.
 */
export function mixedDatesCsv(): string {
  const dates = [
    ...Array.from({ length: 60 }, (_, i) => `${13 + (i % 15)}/0${1 + (i % 9)}/2023`),
    ...Array.from({ length: 11 }, (_, i) => `0${1 + (i % 9)}/1${i % 3}/2023`),
    ...Array.from({ length: 20 }, (_, i) => `0${1 + (i % 9)}/${13 + (i % 15)}/2023`),
    ...Array.from({ length: 9 }, (_, i) => `2023-02-${10 + i}`),
  ];
  return `id,name,signup_date\n${dates.map((d, i) => `${i + 1},Customer ${i + 1},${d}`).join('\n')}\n`;
}
