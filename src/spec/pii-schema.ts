import { z } from 'zod';

/**
 * The kinds of personal data `syncline sample --anonymize` knows how to replace
 * (docs/sampling.md). A column's kind says which fake value stands in for it.
 */
export const piiKinds = [
  'name',
  'first-name',
  'last-name',
  'email',
  'phone',
  'address',
  'city',
  'postal-code',
  'company',
  'iban',
  'card',
  'id',
  'date',
] as const;
export type PiiKind = (typeof piiKinds)[number];

export const piiSchema = z
  .record(
    z.string().min(1),
    z.record(
      z.string().min(1),
      z
        .enum([...piiKinds, 'none'])
        .describe(
          'name, first-name, last-name, company, address, city: seeded fake values; email: a fake address at example.com/.org/.net; phone, postal-code, iban, card, id: same shape, digits for digits and letters for letters (IBAN and card check digits recomputed); date: shifted by a per-record offset; none: kept as it is.',
        ),
    ),
  )
  .describe(
    "Personal data in the system's tables for `syncline sample --anonymize`, as { Table: { column: kind } }: confirms or corrects what the sample detects by column name and content (none keeps a column as it is). See docs/sampling.md.",
  );
export type PiiSpec = z.infer<typeof piiSchema>;
