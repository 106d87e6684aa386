import { z } from 'zod';
import { writeModes } from '../core/connector.js';

/**
 * Spec v1: the single source of truth for the spec's types, its validation, the JSON Schema
 * editors use (`syncline schema`, json-schema.ts) and the reference docs (docs/spec.md). The
 * `.describe()` texts are what users read in editor hovers and in the docs: write them for the
 * person editing the spec. Connector-specific blocks (`connection:`, the rest of `from:` / `to:`)
 * are checked afterwards against each connector's own schema (engine/compile-project.ts), so
 * this file knows no connector.
 */

const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'use letters, digits, "-" and "_", starting with a letter');

/** "90s", "5m", "1h", "2d". */
export const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'write a duration such as "30s", "5m", "1h" or "2d"')
  .describe('A duration: a whole number followed by ms, s, m, h or d.');

const keyList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('One column, or several for a composite key.');

export const reviewSchema = z.strictObject({
  monthlyFor: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Months of monthly health reviews after go-live.'),
  // biome-ignore lint/suspicious/noThenProperty: reads naturally in YAML ({ monthlyFor: 3, then: quarterly }); the value is never a function
  then: z
    .enum(['monthly', 'quarterly', 'half-yearly', 'yearly'])
    .optional()
    .describe('Review rhythm afterwards.'),
});

export const projectSchema = z.strictObject({
  name: z.string().min(1).describe('Project name, shown on reports and the dashboard.'),
  owner: z.string().optional().describe('Who answers for the integration (a team address).'),
  description: z.string().optional().describe('What the integration is for.'),
  review: reviewSchema.optional().describe('Health review schedule after go-live.'),
});

export const limitsSchema = z
  .strictObject({
    requestsPerSecond: z
      .number()
      .positive()
      .optional()
      .describe(
        'Most calls per second syncline makes to the system (batch reads and writes), spaced evenly.',
      ),
    circuitBreaker: z
      .strictObject({
        failures: z
          .number()
          .int()
          .min(1)
          .default(5)
          .describe('Consecutive failures (timeouts, system down) that open the circuit (default 5).'),
        probeAfter: duration
          .default('30s')
          .describe('How long an open circuit waits before one probe call (default 30s).'),
      })
      .optional()
      .describe('Stop calling a failing system for a while, then probe it once, instead of hammering it.'),
  })
  .describe('How hard syncline may use the system (docs/reliability.md).');

export const systemSchema = z.strictObject({
  kind: z
    .string()
    .min(1)
    .describe(
      'Connector kind (sqlite, files, ...) or "manual" for a system that takes part but is not connected.',
    ),
  title: z.string().optional().describe('Human name of the system.'),
  owner: z.string().optional().describe('Who owns the system (team or address).'),
  limits: limitsSchema.optional(),
  connection: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'How to reach the system; checked against the connector kind. Secrets only as ${env:X} or ${file:path}.',
    ),
  api: z
    .strictObject({
      available: z.boolean().describe('Whether the system offers an API or direct access.'),
      documented: z
        .enum(['well', 'partly', 'poorly', 'none'])
        .optional()
        .describe('Quality of its documentation.'),
      docs: z.string().optional().describe('Where the documentation is.'),
    })
    .optional()
    .describe('Whether the system can be reached by software, and how well that is documented.'),
  auth: z
    .strictObject({
      method: z
        .enum(['none', 'database', 'basic', 'api-key', 'bearer', 'oauth2', 'certificate', 'other'])
        .describe('How the credentials are presented.'),
      notes: z.string().optional().describe('Who issues the credentials, how they are rotated, ...'),
    })
    .optional()
    .describe('How syncline authenticates to the system.'),
  volume: z
    .strictObject({
      perDay: z.number().nonnegative().optional().describe('Records per day, typical.'),
      perHour: z.number().nonnegative().optional().describe('Records per hour at peak.'),
      peak: z.string().optional().describe('When the peaks are, e.g. "weekdays 09:00-11:00".'),
    })
    .optional()
    .describe('How many records the system handles; the plan checks triggers against it.'),
  charset: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Characters the system can store when its schema does not say (an application that shows only windows-1252, say): any encoding name, or ascii. Values are fitted to it (flows' fit: unencodable).",
    ),
  notes: z.string().optional().describe('Anything worth knowing: manual steps, caveats, contacts.'),
});

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

const callList = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .describe('A pipe of steps ("trim | lower") or a list of steps; a step is a name with optional arguments.');

export const onInvalidSchema = z
  .enum(['dead-letter', 'default', 'drop-field', 'warn', 'stop'])
  .describe(
    "dead-letter: keep the record aside with its reason; default: write the field's default: value instead; drop-field: write the record without the field; warn: write it anyway; stop: fail the run. All but dead-letter and stop count a warning.",
  );

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const fieldSchema = z.strictObject({
  from: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('Source field, or several (their values go to the transform as a list).'),
  to: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('Target field, or several when the transform splits a value (split-name).'),
  value: z
    .union([z.string(), z.number(), z.boolean(), z.null()])
    .optional()
    .describe('A constant instead of a source field.'),
  transform: callList
    .optional()
    .describe('Transforms applied in order: "trim | lower", or a list of steps (see docs/mapping.md).'),
  validate: callList
    .optional()
    .describe('Rules checked on the value written: required, email, max-length(80), ...'),
  onInvalid: onInvalidSchema
    .optional()
    .describe("What to do with a record whose value fails validation (default: the flow's onInvalid)."),
  default: z
    .union([scalar, z.array(scalar).min(1)])
    .optional()
    .describe(
      'Value written instead of an invalid one when onInvalid is default; a list gives one per target field. To fill empty values, use the default(...) transform.',
    ),
  notes: z.string().optional().describe('Why the field maps this way; kept in the mapping sheet.'),
  extra: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      "Further columns of the field's mapping sheet row (owner, status, ...) by header; kept, not run.",
    ),
});

const endpointBase = {
  system: name.describe('A system declared under systems:.'),
  key: keyList.optional().describe('Key column(s) that identify a record in this system.'),
  batchSize: z.number().int().positive().max(100_000).optional().describe('Rows per batch (default 1000).'),
};

export const fromSchema = z
  .looseObject(endpointBase)
  .describe('Where records come from; other keys (table, file, cursor, ...) depend on the system kind.');

export const toSchema = z
  .looseObject({
    ...endpointBase,
    mode: z.enum(writeModes).optional().describe('insert, upsert (default), update, delete or mirror.'),
  })
  .describe('Where records go; other keys (table, file, ...) depend on the system kind.');

export const triggerSchema = z
  .strictObject({
    schedule: z.string().optional().describe('Cron expression, e.g. "*/15 * * * *".'),
    timezone: z.string().optional().describe('IANA time zone of the schedule (default UTC).'),
    webhook: z.string().optional().describe('Path of the webhook that starts a run.'),
    after: name.optional().describe('Run after this flow succeeds.'),
    manual: z.boolean().optional().describe('Only run on demand.'),
    event: z
      .string()
      .optional()
      .describe('The business event that makes data move, e.g. "a customer signs a contract" (planning).'),
  })
  .describe('What starts a run.');

export const retrySchema = z.strictObject({
  attempts: z.number().int().min(1).max(100).default(3).describe('How many times a batch is tried in all.'),
  backoff: z
    .enum(['fixed', 'exponential'])
    .default('exponential')
    .describe('fixed: the same delay each time; exponential: the delay doubles each time.'),
  delay: duration.default('1s').describe('Delay before the first retry.'),
  maxDelay: duration.default('5m').describe('Longest delay between two tries.'),
});

export const errorsSchema = z.strictObject({
  retry: retrySchema
    .optional()
    .describe('Retries when a whole batch fails for a passing reason (timeout, system down).'),
  deadLetter: z
    .literal(
      true,
      'records that fail are always kept as dead letters; to write them anyway, use onInvalid: warn',
    )
    .default(true)
    .describe(
      'Always true: a record that is not written is kept as a dead letter with its reason. To write invalid records anyway, use onInvalid: warn.',
    ),
  retryRejected: z
    .strictObject({
      attempts: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(3)
        .describe('Tries in all, the first write included (default 3); 1 turns automatic retries off.'),
    })
    .optional()
    .describe(
      'Records the target rejected are tried again at the end of later runs, through the current mapping, until written or out of attempts.',
    ),
  alert: z.array(name).optional().describe('Alert channels (under alerts:) told of failures.'),
  maxInvalidRate: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Stop the run when more than this share of a batch is invalid (0.5 = 50%).'),
});

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

export const flowSchema = z.strictObject({
  description: z.string().optional().describe('What the flow is for.'),
  entity: name.optional().describe('Entity under entities: that the flow carries.'),
  enabled: z.boolean().default(true).describe('false keeps the flow in the spec without running it.'),
  from: fromSchema,
  to: toSchema,
  trigger: triggerSchema.optional(),
  mapping: z
    .string()
    .optional()
    .describe(
      'Mapping sheet (CSV or XLSX) holding the field mappings, relative to the spec (docs/mapping-sheet.md).',
    ),
  fields: z.array(fieldSchema).optional().describe('Field mappings; without them fields are copied by name.'),
  onInvalid: onInvalidSchema.default('dead-letter'),
  fit: fitSchema.optional(),
  errors: errorsSchema.optional().describe('What happens when reading or writing fails.'),
  backfill: z
    .strictObject({
      from: z.string().optional().describe('Oldest record to move, e.g. "2015-01-01" (default: all).'),
      to: z.string().optional().describe('Newest record to move (default: up to now).'),
      chunk: z.number().int().positive().optional().describe('Records per backfill step.'),
    })
    .optional()
    .describe('How history is moved (see the backfill guide).'),
  rollback: z
    .enum(['journal', 'none'])
    .default('none')
    .describe('journal: keep before-images so a run can be undone.'),
  monitoring: z
    .strictObject({
      expected: z
        .strictObject({
          perRun: z
            .tuple([z.number().nonnegative(), z.number().nonnegative()])
            .optional()
            .describe('[fewest, most] records a run normally moves; outside it is unusual volume.'),
          perDay: z
            .tuple([z.number().nonnegative(), z.number().nonnegative()])
            .optional()
            .describe('[fewest, most] records a day normally moves.'),
        })
        .optional()
        .describe('Normal volumes; an alert is raised outside them.'),
      freshness: duration.optional().describe('Alert when no run succeeded for this long.'),
      alert: z
        .array(name)
        .optional()
        .describe('Alert channels (under alerts:) told of unusual volume and staleness.'),
    })
    .optional()
    .describe('What is normal for this flow, so that the unusual raises an alert.'),
  data: z
    .string()
    .optional()
    .describe('What data the flow carries, in business terms: "new and changed customers with addresses".'),
  direction: z
    .enum(['one-way', 'two-way'])
    .optional()
    .describe('two-way: another flow carries the same entity back; the entity then needs a conflict policy.'),
  volume: z
    .strictObject({
      perRun: z.number().nonnegative().optional().describe('Records a run moves, typical.'),
      perDay: z.number().nonnegative().optional().describe('Records a day, typical.'),
      peakPerHour: z.number().nonnegative().optional().describe('Records an hour at peak.'),
    })
    .optional()
    .describe(
      'Expected volume (planning estimate); the plan checks the trigger and measured throughput against it.',
    ),
  history: z
    .enum(['backfill', 'none'])
    .optional()
    .describe('Decision on historical data: backfill (move existing records first) or none (only new ones).'),
  rollbackPlan: z
    .string()
    .optional()
    .describe('How a bad go-live of this flow is undone, in words (who decides, what is restored).'),
});

export const alertChannelSchema = z.strictObject({
  kind: z.enum(['webhook', 'slack', 'email']).describe('How the alert is sent.'),
  url: z.string().optional().describe('Webhook URL (a ${env:X} reference when it carries a token).'),
  to: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Email recipients.'),
  notes: z.string().optional().describe('Who reads this channel and what they do.'),
});

export const lookupTableSchema = z
  .record(z.string(), scalar)
  .describe('A value map used by the lookup transform: { Germany: DE, France: FR }.');

export const lookupFileSchema = z
  .strictObject({
    file: z.string().min(1).describe('CSV file holding the table, relative to the spec.'),
    key: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(2)])
      .describe('Column holding the keys; several columns make a key joined with "@" (currency@date).'),
    value: z.string().min(1).describe('Column holding the values.'),
    delimiter: z
      .string()
      .length(1)
      .optional()
      .describe('Field delimiter (default ","; use ";" for many European exports, "\\t" for TSV).'),
  })
  .describe(
    'A value map read from a CSV file with a header row: { file: countries.csv, key: name, value: code }.',
  );

export const lookupSystemSchema = z
  .strictObject({
    from: z
      .looseObject({ system: name.describe('A system declared under systems:.') })
      .describe("Where the table is read, like a flow's from: ({ system: erp, table: countries })."),
    key: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(2)])
      .describe('Column holding the keys; several columns make a key joined with "@" (currency@date).'),
    value: z.string().min(1).describe('Column holding the values.'),
    maxRows: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .default(200_000)
      .describe('Refuse to load more rows than this (default 200000): a lookup is held in memory.'),
  })
  .describe(
    "A value map read from another system's table when a run starts: { from: { system: erp, table: countries }, key: name, value: code }.",
  );

/** A `lookups:` entry: a table written inline, or read from a CSV file when the spec is loaded. */
export const lookupSchema = z
  .union([
    // An inline table with a `file` key is a file table with a mistake: report the mistake.
    lookupTableSchema.superRefine((table, context) => {
      if (!Object.hasOwn(table, 'file')) return;
      const asFile = lookupFileSchema.safeParse(table);
      for (const problem of asFile.success ? [] : asFile.error.issues) context.addIssue({ ...problem });
      if (asFile.success) context.addIssue({ code: 'custom', message: 'read from a file' });
    }),
    lookupFileSchema,
    lookupSystemSchema,
  ])
  .describe('A value map written inline ({ Germany: DE }) or read from a CSV file ({ file, key, value }).');

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
export const genericEndpointKeys = ['system', 'key', 'batchSize', 'mode'] as const;
