import { z } from 'zod';
import { alertingSchema } from './alerting-schema.js';
import { entitySchema } from './entity-schema.js';
import { retrySchema } from './errors-schema.js';
import type { fieldSchema, onInvalidSchema } from './field-schema.js';
import type { fitSchema } from './fit-schema.js';
import { flowSchema, type fromSchema, type toSchema } from './flow-schema.js';
import {
  type lookupFileSchema,
  lookupSchema,
  type lookupSystemSchema,
  type lookupTableSchema,
} from './lookup-schema.js';
/**
 * Spec v1: the single source of truth for the spec's types, its validation, the JSON Schema
 * editors use (`syncline schema`, json-schema.ts) and the reference docs (docs/spec.md). The
 * `.describe()` texts are what users read in editor hovers and in the docs: write them for the
 * person editing the spec. Connector-specific blocks (`connection:`, the rest of `from:` / `to:`)
 * are checked afterwards against each connector's own schema (engine/compile-project.ts), so
 * this file knows no connector.
 *
 * The sections live one per file (project-, system-, entity-, field-, flow-, errors-, fit- and
 * lookup-schema.ts); this file assembles them and is what the rest of syncline imports.
 */
import { alertChannelSchema, projectSchema } from './project-schema.js';
import { name } from './schema-common.js';
import { systemSchema } from './system-schema.js';

export { alertingSchema, alertRulesSchema, smtpSchema } from './alerting-schema.js';
export { conflictPolicySchema, entitySchema } from './entity-schema.js';
export { errorsSchema, retrySchema } from './errors-schema.js';
export { fieldSchema, onInvalidSchema } from './field-schema.js';
export { fitSchema } from './fit-schema.js';
export { flowSchema, fromSchema, toSchema, triggerSchema } from './flow-schema.js';
export { lookupFileSchema, lookupSchema, lookupSystemSchema, lookupTableSchema } from './lookup-schema.js';
export { alertChannelSchema, projectSchema, reviewSchema } from './project-schema.js';
export { duration } from './schema-common.js';
export { limitsSchema, systemSchema } from './system-schema.js';

export const specSchema = z.strictObject({
  $schema: z.string().optional().describe('The JSON Schema editors check this file against.'),
  version: z.literal(1).describe('Spec format version; this is version 1.'),
  project: projectSchema.describe('The integration project as a whole.'),
  systems: z.record(name, systemSchema).describe('Every system that takes part, connected or not.'),
  entities: z
    .record(name, entitySchema)
    .optional()
    .describe('Business objects (customer, order) and which system owns each of their fields.'),
  lookups: z
    .record(name, lookupSchema)
    .optional()
    .describe('Named value maps for lookup, reference and convert-currency: inline or from a CSV file.'),
  flows: z.record(name, flowSchema).optional().describe('Data flows, one per source-to-target path.'),
  errors: z
    .strictObject({
      retry: retrySchema
        .optional()
        .describe('Default retry policy of every flow without its own errors.retry.'),
    })
    .optional()
    .describe('Project-wide defaults for what happens when reading or writing fails.'),
  alerts: z.record(name, alertChannelSchema).optional().describe('Channels that alerts are sent to.'),
  alerting: alertingSchema.optional(),
});

export type Spec = z.infer<typeof specSchema>;
export type SystemSpec = z.infer<typeof systemSchema>;
export type EntitySpec = z.infer<typeof entitySchema>;
export type FlowSpec = z.infer<typeof flowSchema>;
export type FieldSpec = z.infer<typeof fieldSchema>;
export type FitSpec = z.infer<typeof fitSchema>;
export type FromSpec = z.infer<typeof fromSchema>;
export type ToSpec = z.infer<typeof toSchema>;
export type OnInvalid = z.infer<typeof onInvalidSchema>;
export type LookupTable = z.infer<typeof lookupTableSchema>;
export type LookupFile = z.infer<typeof lookupFileSchema>;
export type LookupSystem = z.infer<typeof lookupSystemSchema>;
export type LookupSpec = z.infer<typeof lookupSchema>;

/** Keys of from:/to: handled by the engine; the rest belongs to the connector. */
export const genericEndpointKeys = ['system', 'key', 'batchSize', 'mode', 'maxBatchBytes'] as const;
