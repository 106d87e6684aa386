import { z } from 'zod';

/**
 * The `connection:` block of a postgres system: a URL, or its parts. The password is normally a
 * secret reference (`password: ${env:CRM_PASSWORD}`, or inside the URL's reference).
 */
export const postgresConfig = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .optional()
      .describe('postgres://user:password@host:port/database?sslmode=require — use a ${env:...} reference.'),
    host: z.string().min(1).optional().describe('Server host name or address (instead of url).'),
    port: z.number().int().min(1).max(65535).default(5432).describe('Server port (default 5432).'),
    user: z.string().min(1).optional().describe('Login role.'),
    password: z.string().optional().describe('Password; use a secret reference such as ${env:PGPASSWORD}.'),
    database: z.string().min(1).optional().describe('Database name (default: the user name).'),
    ssl: z
      .enum(['disable', 'require', 'verify-full'])
      .optional()
      .describe(
        'disable; require (encrypted, certificate not checked); verify-full (encrypted, certificate and host name checked). With url, an sslmode in the URL takes precedence.',
      ),
    schema: z
      .string()
      .min(1)
      .optional()
      .describe("Schema for tables named without one (default: the role's search_path, usually public)."),
    poolSize: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(4)
      .describe('Connections per open source or target (default 4).'),
    connectTimeout: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe(
        'How long (ms) to wait for a connection before reporting the server unreachable (default 10000).',
      ),
  })
  .refine((config) => (config.url === undefined) !== (config.host === undefined), {
    message: 'give either url or host (with port, user, password, database), not both and not neither',
  });

export type PostgresConfig = z.infer<typeof postgresConfig>;
