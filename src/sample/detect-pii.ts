import { emailProblem } from '../mapping/rules/email.js';
import { isPhoneColumn, phoneFormatOf } from '../profile/phone-format.js';
import type { PiiKind } from '../spec/pii-schema.js';
import { isValidIban, passesLuhn } from './check-digits.js';

/** Why a column is treated as personal data: its name, its values, or the spec. */
export interface Detection {
  readonly kind: PiiKind;
  readonly by: 'name' | 'content';
  /** For content: the share of non-empty values that look like the kind. */
  readonly share?: number;
}

// Order matters: "EmailAddress" is an email before it is an address, "CompanyName" a company.
const byName: readonly (readonly [RegExp, PiiKind])[] = [
  [/e-?mail/i, 'email'],
  [/iban/i, 'iban'],
  [/card.?(no|num)|credit.?card|^pan$|cc.?num/i, 'card'],
  [/birth|^dob$|date.?of.?birth/i, 'date'],
  [/ssn|social.?security|passport|national.?id|tax.?(id|no|number)|vat.?(id|no|number)/i, 'id'],
  [/first.?name|given.?name|fore.?name/i, 'first-name'],
  [/last.?name|sur.?name|family.?name/i, 'last-name'],
  [/company|organi[sz]ation|employer/i, 'company'],
  [/manager|contact|sales.?rep|agent/i, 'name'],
  [/^(full.?|contact.?|customer.?|person.?|display.?|billing.?|shipping.?)?name$/i, 'name'],
  [/postal|post.?code|zip/i, 'postal-code'],
  [/address|street|addr\b|addr.?line/i, 'address'],
  [/city|town/i, 'city'],
];

/** The kind of personal data a column's name suggests, if any. */
export function detectByName(column: string): PiiKind | undefined {
  if (isPhoneColumn(column)) return 'phone';
  return byName.find(([pattern]) => pattern.test(column))?.[1];
}

/** At least this share of a column's non-empty text values must look alike to count. */
const minimumShare = 0.8;

/**
 * The kind of personal data a column's sampled values show: emails, phone numbers written
 * like phone numbers, IBANs whose mod-97 checksum holds, card numbers that pass Luhn.
 */
export function detectByContent(values: readonly unknown[]): Detection | undefined {
  const texts = values
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (texts.length === 0) return undefined;
  const tests: readonly (readonly [PiiKind, (text: string) => boolean])[] = [
    ['email', (t) => emailProblem(t) === undefined],
    ['iban', (t) => isValidIban(t.replace(/\s/g, '').toUpperCase())],
    ['card', isCardNumber],
    ['phone', (t) => phoneFormatOf(t, false) !== undefined && !isCardNumber(t)],
  ];
  for (const [kind, looksLike] of tests) {
    const share = texts.filter(looksLike).length / texts.length;
    if (share >= minimumShare) return { kind, by: 'content', share };
  }
  return undefined;
}

function isCardNumber(text: string): boolean {
  if (!/^\d[\d -]{11,22}\d$/.test(text)) return false;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && passesLuhn(digits);
}
