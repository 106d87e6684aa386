/** The one definition of "no value" shared by `required`, `default` and the text transforms. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}
