import type { PiiKind } from '../spec/pii-schema.js';
import { bytesNeeded, type FakeSource, fakeText } from './fake-value.js';
import { createKeyedBytes } from './keyed-bytes.js';
import { shiftDate } from './shift-date.js';

export interface PseudonymizerOptions {
  /** The resolved secret seed; only HMAC keys are derived from it. */
  readonly seed: string;
  readonly fakes: FakeSource;
  /**
   * Every original value of the sample's personal-data columns, in looseText form: a fake that
   * happens to equal a real value (faker knows "Frank", so does Chinook) is drawn again.
   */
  readonly originals: ReadonlySet<string>;
}

export interface Pseudonymizer {
  /** The fake for one value of a kind; `recordKey` sets a date's shift. Null stays null. */
  replace(kind: PiiKind, value: unknown, recordKey: string): unknown;
  /** Values of key-like kinds whose every draw collided and which kept a possibly shared fake. */
  readonly collisions: () => number;
}

/** Kinds whose values are often keys or unique: two originals must not share a fake. */
const uniqueKinds: ReadonlySet<PiiKind> = new Set(['email', 'phone', 'iban', 'card', 'id']);
/** Kinds replaced digit for digit, which a number column can hold. */
const shapeKinds: ReadonlySet<PiiKind> = new Set(['phone', 'postal-code', 'iban', 'card', 'id']);
const maxAttempts = 50;

/**
 * Consistent pseudonyms: the same kind and normalised value always give the same fake, in
 * every table and every run with the same seed, so joins and keys still hold
 * (docs/decisions/0024). Values keep their type: a number id stays a number.
 */
export function createPseudonymizer(options: PseudonymizerOptions): Pseudonymizer {
  const keyedBytes = createKeyedBytes(options.seed);
  const memo = new Map<string, string>();
  const owners = new Map<string, string>();
  let collisions = 0;

  function fakeFor(kind: Exclude<PiiKind, 'date'>, text: string): string {
    const memoKey = `${kind}\u0000${text}`;
    const known = memo.get(memoKey);
    if (known !== undefined) return known;
    const normalised = normaliseFor(kind, text);
    let chosen: string | undefined;
    for (let attempt = 0; attempt < maxAttempts && chosen === undefined; attempt++) {
      const candidate = fakeText(
        kind,
        text,
        keyedBytes(kind, normalised, attempt, bytesNeeded(text)),
        options.fakes,
      );
      const loose = looseText(candidate);
      // An id may become another record's id, or its own: that reveals nothing, and short ids
      // have no room to avoid it (nine one-digit ids can only be shuffled among themselves).
      if (kind !== 'id' && (options.originals.has(loose) || loose === looseText(text))) continue;
      const owner = owners.get(`${kind}\u0000${loose}`);
      if (uniqueKinds.has(kind) && owner !== undefined && owner !== normalised) continue;
      chosen = candidate;
    }
    if (chosen === undefined) {
      collisions += 1;
      chosen = fakeText(
        'id',
        text,
        keyedBytes(kind, normalised, maxAttempts, bytesNeeded(text)),
        options.fakes,
      );
    }
    owners.set(`${kind}\u0000${looseText(chosen)}`, normalised);
    memo.set(memoKey, chosen);
    return chosen;
  }

  return {
    replace(kind, value, recordKey) {
      // Nothing personal in an empty or blank value: it stays, as the data-quality case it is.
      if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
        return value;
      if (kind === 'date') {
        const days = shiftDays(keyedBytes('date-shift', recordKey, 0, 4));
        const shifted = shiftDate(value, days);
        return shifted === undefined ? fakeFor('id', String(value)) : shifted;
      }
      // A number declared an id or a code keeps its type; a number in a name column becomes text.
      const keepsNumber = shapeKinds.has(kind);
      if (keepsNumber && typeof value === 'number' && Number.isSafeInteger(value))
        return Number(fakeFor(kind, String(value)));
      if (keepsNumber && typeof value === 'bigint') return BigInt(fakeFor(kind, value.toString()));
      return fakeFor(kind, typeof value === 'string' ? value : String(value));
    },
    collisions: () => collisions,
  };
}

/** A record's date offset: 1 to 180 days back or forward, never 0. */
function shiftDays(bytes: Buffer): number {
  const n = bytes.readUInt32BE(0) % 360;
  return n < 180 ? -(n + 1) : n - 179;
}

/**
 * What counts as "the same value" for a kind: case and spacing never matter, and a phone
 * number or a code is the same whatever punctuation it is written with.
 */
export function normaliseFor(kind: PiiKind, text: string): string {
  const trimmed = text.normalize('NFC').trim();
  if (kind === 'phone') return trimmed.replace(/\D/g, '');
  if (kind === 'iban' || kind === 'card' || kind === 'id' || kind === 'postal-code')
    return trimmed.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
  return trimmed.replace(/\s+/g, ' ').toLowerCase();
}

/** The loosest form of a text, to recognise a real value in any spelling. */
export function looseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}
