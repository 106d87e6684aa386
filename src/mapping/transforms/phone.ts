import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { phoneLibrary } from '../phone-library.js';
import { compilePhoneReader } from '../read-phone.js';
import type { TransformDefinition } from '../transform.js';

export const countryArg = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'write a two-letter country code such as DE')
  .optional()
  .describe(
    'Country (ISO 3166 code, e.g. DE) of numbers written without +country code; default: they must have one.',
  );

export const phoneCheckArg = z
  .enum(['valid', 'possible'])
  .default('valid')
  .describe(
    'valid (default): a number in a range in use; possible: only of a possible length for its country.',
  );

const args = z.strictObject({
  country: countryArg,
  format: z
    .enum(['e164', 'international', 'national', 'rfc3966'])
    .default('e164')
    .describe(
      'e164 (default): +497112842222; international: +49 711 2842222; national: 0711 2842222; rfc3966: tel:+497112842222.',
    ),
  check: phoneCheckArg,
});

const formats = {
  e164: 'E.164',
  international: 'INTERNATIONAL',
  national: 'NATIONAL',
  rfc3966: 'RFC3966',
} as const;

/** The region for a country: argument, or what is wrong with it. */
export function phoneRegion(country: string | undefined): CountryCode | undefined | ReturnType<typeof issue> {
  if (country === undefined) return undefined;
  const region = country.toUpperCase();
  if (phoneLibrary().isSupportedCountry(region)) return region;
  return issue('bad-step-args', '', `country "${country}" has no phone numbering plan`, {
    hint: 'use an ISO 3166 two-letter code such as DE, BR, CA',
  });
}

/**
 * Reads a phone number in any common writing ("+55 (12) 3923-5555"; "0711 2842222" with
 * country: DE; "+49 0711 ..." with the trunk 0 people add) and writes it in E.164 or another
 * format. Numbers without +country code need country:.
 */
export const phoneTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'phone',
  summary:
    'Reads a phone number (country: for numbers without +code) and writes it in E.164 (+497112842222) or another format.',
  args,
  positional: ['country'],
  examples: [
    { step: 'phone', input: '+55 (12) 3923-5555', output: '+551239235555' },
    { step: 'phone', input: '+49 0711 2842222', output: '+497112842222' },
    { step: 'phone(CA, format: international)', input: '(514) 721-4711', output: '+1 514 721 4711' },
  ],
  compile: ({ country, format, check }) => {
    const region = phoneRegion(country);
    if (typeof region === 'object') return region;
    const read = compilePhoneReader(region, check);
    const layout = formats[format];
    return function phone(value: unknown): unknown {
      if (value === null || value === undefined) return value;
      if (typeof value === 'string' && value.trim() === '') return null;
      const number = read(value);
      if (typeof number === 'string') {
        return recordIssue('bad-phone', '', number, {
          hint: 'fix the number at the source, or give country: for numbers written without +country code',
        });
      }
      return number.format(layout);
    };
  },
};
