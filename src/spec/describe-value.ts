import { isSecretKey, looksLikeSecretText } from './find-literal-secrets.js';

const maxShown = 40;

/**
 * Says what a value is in words a non-programmer reads easily: `text "abc"`, `the number 5`,
 * `a list`. Text under a secret-looking key, or text that carries a password, is never shown:
 * messages end up in terminals, logs and tickets.
 */
export function describeValue(value: unknown, key?: string | number): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    if (value === '') return 'empty text';
    if ((typeof key === 'string' && isSecretKey(key)) || looksLikeSecretText(value))
      return 'text (not shown)';
    return `text ${quote(value)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a block of settings';
  return typeof value;
}

/** Names a kind of value the spec expects, from zod's internal type names. */
export function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
    case 'tuple':
      return 'a list';
    case 'object':
    case 'record':
      return 'a block of settings (key: value)';
    case 'null':
      return 'an empty value';
    default:
      return expected;
  }
}

/** Quotes text for a message, shortened so one bad value cannot flood the output. */
export function quote(text: string): string {
  const short = text.length > maxShown ? `${text.slice(0, maxShown - 1)}…` : text;
  return JSON.stringify(short);
}

/** A literal the spec allows, as the user would write it in YAML. */
export function describeLiteral(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** `a, b or c` */
export function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
