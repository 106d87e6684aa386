import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import { phoneLibrary } from './phone-library.js';
import { showValue } from './show-value.js';
import { toText } from './to-text.js';

/** A phone number read, or what is wrong with the value (a sentence for an issue message). */
export type PhoneReading = PhoneNumber | string;

const lengthProblems: Readonly<Record<string, string>> = {
  NOT_A_NUMBER: 'it has no digits in a phone number layout',
  INVALID_COUNTRY: 'it has no +country code',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'no number of that country has this many digits',
};

/**
 * Reads phone numbers with Google's libphonenumber metadata (the "max" set, which knows which
 * number ranges are in use): `region` is assumed for numbers without +country code; `check`
 * says whether a number must be valid (in use) or only possible (of a possible length).
 */
export function compilePhoneReader(
  region: CountryCode | undefined,
  check: 'valid' | 'possible',
): (value: unknown) => PhoneReading {
  const { parsePhoneNumberFromString, validatePhoneNumberLength } = phoneLibrary();
  const options = region === undefined ? undefined : { defaultCountry: region };
  const noCountry = region === undefined ? 'it has no +country code and no country: is given' : undefined;
  return function readPhone(value) {
    const text = value instanceof Date || typeof value === 'boolean' ? undefined : toText(value);
    if (text === undefined)
      return `${showValue(value)} is not a phone number: phone numbers must be text or digits`;
    const number = parsePhoneNumberFromString(text, options);
    if (number !== undefined && (check === 'valid' ? number.isValid() : number.isPossible())) return number;
    const length = validatePhoneNumberLength(text, options);
    let reason: string;
    if (length === 'INVALID_COUNTRY' && noCountry !== undefined && !text.trim().startsWith('+'))
      reason = noCountry;
    else if (length !== undefined) reason = lengthProblems[length] ?? length;
    else if (number === undefined) reason = 'it is not a phone number';
    else reason = `it is not a number in use in ${number.country ?? `+${number.countryCallingCode}`}`;
    return `${showValue(value)} is not a ${check} phone number: ${reason}`;
  };
}
