import { z } from 'zod';
import { specSchema, systemSchema } from './schema.js';

/** What buildJsonSchema needs to know of a connector: its kind and its `connection:` schema. */
export interface ConnectorSchema {
  readonly kind: string;
  readonly config: z.ZodType;
}

type JsonSchema = Record<string, unknown>;

const secretReference: JsonSchema = {
  type: 'string',
  pattern: '^\\s*\\$\\{(env|file):[^}]*\\}\\s*$',
  description: 'A secret reference: ${env:NAME} or ${file:path}.',
};

/**
 * The JSON Schema of spec v1 that editors use for completion, hover texts and checks (the
 * `# yaml-language-server: $schema=./syncline.schema.json` line). Draft-07, which every YAML
 * language server supports. With connectors, `kind:` offers the known kinds and each kind's
 * `connection:` block is described by that connector's own schema.
 */
export function buildJsonSchema(connectors: readonly ConnectorSchema[] = []): JsonSchema {
  const kindSchema = systemSchema.shape.kind;
  const schema = z.toJSONSchema(specSchema, {
    target: 'draft-07',
    // Input, not output: keys with defaults are optional to write.
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (connectors.length === 0) return;
      if (zodSchema === kindSchema) jsonSchema.enum = [...connectors.map((c) => c.kind), 'manual'];
      if (zodSchema === systemSchema) jsonSchema.allOf = connectors.map(connectionRule);
    },
  }) as JsonSchema;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    title: 'syncline spec v1',
    description:
      'One versioned description of an integration: systems, entities, flows, field mappings, error policy and alerts. Reference: docs/spec.md',
    ...rest,
  };
}

/** The text written to syncline.schema.json, so the CLI and the freshness test agree byte for byte. */
export function formatJsonSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** if kind is X then connection follows X's schema. */
function connectionRule(connector: ConnectorSchema): JsonSchema {
  const connection = z.toJSONSchema(connector.config, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => acceptSecretReference(jsonSchema),
  }) as JsonSchema;
  delete connection.$schema;
  return {
    if: { properties: { kind: { const: connector.kind } }, required: ['kind'] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
    then: { properties: { connection } },
  };
}

/**
 * Any connection setting may be given as a secret reference (`port: ${env:DB_PORT}`), which the
 * editor would otherwise flag wherever a number, a flag or a constrained text is expected.
 */
function acceptSecretReference(jsonSchema: JsonSchema): void {
  const type = jsonSchema.type;
  const isConstrainedText =
    type === 'string' &&
    (jsonSchema.pattern !== undefined || jsonSchema.format !== undefined || jsonSchema.enum !== undefined);
  const isScalar = type === 'number' || type === 'integer' || type === 'boolean' || isConstrainedText;
  if (!isScalar) return;
  const { description, default: fallback, ...original } = jsonSchema;
  for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
  Object.assign(jsonSchema, {
    ...(description === undefined ? {} : { description }),
    ...(fallback === undefined ? {} : { default: fallback }),
    anyOf: [original, secretReference],
  });
}
