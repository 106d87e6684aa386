import { emailProblem } from '../mapping/rules/email.js';
import type { PiiKind } from '../spec/pii-schema.js';
import { ibanCheckDigits, luhnCheckDigit } from './check-digits.js';
import { preserveFormat, replaceableCount } from './preserve-format.js';

/** The few faker generators a sample uses; loaded lazily with the faker package. */
export interface FakeSource {
  /** Seeds the generator; the next calls depend on the seed only. */
  seed(words: readonly number[]): void;
  firstName(): string;
  lastName(): string;
  streetAddress(): string;
  city(): string;
  company(): string;
  /** The digits of a phone number's country calling code (+55 -> "55"), if it has one. */
  callingCode(text: string): string | undefined;
}

/** Loads faker (English names and places) and libphonenumber only when a sample needs them. */
export async function loadFakeSource(): Promise<FakeSource> {
  const [{ faker }, phone] = await Promise.all([
    import('@faker-js/faker/locale/en'),
    import('libphonenumber-js/min'),
  ]);
  return {
    seed: (words) => faker.seed([...words]),
    firstName: () => faker.person.firstName(),
    lastName: () => faker.person.lastName(),
    streetAddress: () => faker.location.streetAddress(),
    city: () => faker.location.city(),
    company: () => faker.company.name(),
    callingCode: (text) => phone.parsePhoneNumberFromString(text)?.countryCallingCode,
  };
}

/**
 * One candidate fake for `text` of a kind, drawn from `bytes` (keyed by the seed, the
 * normalised original and the attempt): faker for names, places and companies, seeded from the
 * bytes; the same shape for codes, with check digits recomputed. Dates are shifted elsewhere
 * (they depend on the record, not the value).
 */
export function fakeText(
  kind: Exclude<PiiKind, 'date'>,
  text: string,
  bytes: Buffer,
  fakes: FakeSource,
): string {
  // Padding and upper case are data quality the mapping must still meet (trim, lower).
  const [, before = '', core = '', after = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
  const fake = fakeCore(kind, core, bytes, fakes);
  const shouting = /\p{Lu}/u.test(core) && core === core.toUpperCase() && kind !== 'id';
  return `${before}${shouting ? fake.toUpperCase() : fake}${after}`;
}

function fakeCore(kind: Exclude<PiiKind, 'date'>, text: string, bytes: Buffer, fakes: FakeSource): string {
  const seeded = () => {
    fakes.seed([0, 4, 8, 12].map((offset) => bytes.readUInt32BE(offset)));
    return fakes;
  };
  switch (kind) {
    case 'first-name':
      return seeded().firstName();
    case 'last-name':
      return seeded().lastName();
    case 'name': {
      const f = seeded();
      return text.trim().includes(' ') ? `${f.firstName()} ${f.lastName()}` : f.firstName();
    }
    case 'address':
      return seeded().streetAddress();
    case 'city':
      return seeded().city();
    case 'company':
      return seeded().company();
    case 'email': {
      // A broken address stays broken in the same way, so it still tests the mapping's checks.
      if (emailProblem(text) !== undefined) return preserveFormat(text, bytes);
      const f = seeded();
      const local = `${slug(f.firstName())}.${slug(f.lastName())}${(bytes[16] ?? 0) % 100}`;
      return `${local}@${exampleDomains[(bytes[17] ?? 0) % exampleDomains.length]}`;
    }
    case 'phone':
      return preserveFormat(text, bytes, keptPhonePrefix(text, fakes));
    case 'iban':
      return fakeIban(text, bytes);
    case 'card':
      return fakeCard(text, bytes);
    case 'postal-code':
    case 'id':
      return preserveFormat(text, bytes);
  }
}

/** Reserved for documentation (RFC 2606): a fake address can never reach a real person. */
const exampleDomains = ['example.com', 'example.org', 'example.net'] as const;

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** Characters a phone number keeps: its country calling code, or a national trunk 0. */
function keptPhonePrefix(text: string, fakes: FakeSource): number {
  const chars = Array.from(text);
  const code = text.trim().startsWith('+') ? fakes.callingCode(text) : undefined;
  let digits = code?.length ?? chars.findIndex((c) => /[1-9]/.test(c));
  if (code === undefined) return Math.max(0, digits);
  for (let i = 0; i < chars.length; i++) {
    if (/\d/.test(chars[i] ?? '') && --digits === 0) return i + 1;
  }
  return 0;
}

/** Country kept, the rest replaced in shape, check digits recomputed, spacing kept. */
function fakeIban(text: string, bytes: Buffer): string {
  const compact = text.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const bban = preserveFormat(compact.slice(4), bytes).toUpperCase();
  const draft = `${compact.slice(0, 2)}00${bban}`;
  return reshape(text, `${compact.slice(0, 2)}${ibanCheckDigits(draft)}${bban}`);
}

/** First digit (the card network) kept, the rest replaced, the Luhn digit recomputed. */
function fakeCard(text: string, bytes: Buffer): string {
  const digits = text.replace(/\D/g, '');
  const body = `${digits[0] ?? ''}${preserveFormat(digits.slice(1, -1), bytes)}`;
  return reshape(text, `${body}${luhnCheckDigit(body)}`);
}

/** Puts the characters of `compact` into the letter and digit positions of `original`. */
function reshape(original: string, compact: string): string {
  let next = 0;
  return Array.from(original)
    .map((char) => (/[A-Za-z0-9]/.test(char) ? (compact[next++] ?? char) : char))
    .join('');
}

/** Bytes fakeText needs for a text: enough for every replaced character, and at least 32. */
export function bytesNeeded(text: string): number {
  return Math.max(32, replaceableCount(text));
}
