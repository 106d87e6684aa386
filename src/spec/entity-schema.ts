import { z } from 'zod';
import { keyList, name } from './schema-common.js';

export const conflictPolicySchema = z
  .enum(['source-of-truth', 'last-write-wins', 'manual-review'])
  .describe(
    "source-of-truth: only the owner's value is written; last-write-wins: the newest change wins; manual-review: conflicting changes are held as dead letters for a person to decide.",
  );

export const entitySchema = z.strictObject({
  key: keyList.describe('Business key of the entity.'),
  sourceOfTruth: name.describe('System that owns the entity as a whole.'),
  fields: z
    .record(z.string(), name)
    .optional()
    .describe('Per-field owners where they differ from sourceOfTruth: { credit_limit: erp }.'),
  description: z.string().optional().describe('What the entity is, in business terms.'),
  conflict: conflictPolicySchema
    .optional()
    .describe('Who wins when two flows write the same field of this entity from different systems.'),
});
