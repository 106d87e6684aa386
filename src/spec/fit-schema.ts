import { z } from 'zod';

const tooLongSchema = z
  .enum(['reject', 'truncate'])
  .describe('A text longer than the target column holds: reject the record (default) or cut it to fit.');
const unencodableSchema = z
  .enum(['reject', 'transliterate', 'replace'])
  .describe(
    "Characters the target cannot store (its charset): reject the record (default), spell them in ASCII ('Ł' → 'L'), or write '?' for them.",
  );
const emptySchema = z
  .enum(['keep', 'null', 'empty-string'])
  .describe(
    "keep (default): null, empty text and a missing value are written as they are; null: empty or blank text is written as null; empty-string: null or missing is written as ''.",
  );

export const fitSchema = z
  .strictObject({
    tooLong: tooLongSchema.default('reject'),
    unencodable: unencodableSchema.default('reject'),
    columns: z
      .record(
        z.string().min(1),
        z.strictObject({
          tooLong: tooLongSchema.optional(),
          unencodable: unencodableSchema.optional(),
          empty: emptySchema.optional(),
        }),
      )
      .optional()
      .describe('Per target column: { first_name: { tooLong: truncate }, notes: { empty: null } }.'),
  })
  .describe(
    "How values are fitted to the target's columns (length and character set from its schema, see docs/target-fit.md), checked before the write so the database never refuses a record silently.",
  );
