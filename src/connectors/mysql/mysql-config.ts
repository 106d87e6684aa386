import { z } from 'zod';

const tls = z.strictObject({
  ca: z
    .string()
    .min(1)
    .optional()
    .describe(
      'PEM file of the certificate authority that signed the server certificate, relative to the spec file.',
    ),
  rejectUnauthorized: z
    .boolean()
    .default(true)
    .describe(
      'Refuse a server certificate that does not verify (default true; false only for a test server).',
    ),
});

/**
 * The `connection:` block of a mysql system (MySQL 8 or MariaDB): either one `url`
 * (`mysql://user:${env:PW}@host:3306/db`) or the parts. Passwords belong in secret references.
 */
export const mysqlConfig = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .optional()
      .describe(
        'mysql://user:password@host:port/database (URL-encode special characters; ?ssl=true for TLS). Use a secret reference for the password.',
      ),
    host: z.string().min(1).optional().describe('Server host name or address (default 127.0.0.1).'),
    port: z.coerce.number().int().min(1).max(65535).optional().describe('Server port (default 3306).'),
    user: z.string().min(1).optional().describe('User name (default root).'),
    password: z
      .string()
      .optional()
      .describe('Password; write it as ${env:NAME} or ${file:path}, never inline.'),
    database: z.string().min(1).optional().describe('Database (schema) holding the tables.'),
    ssl: z
      .union([z.boolean(), tls])
      .optional()
      .describe('TLS: true verifies the server against the system CAs; or { ca, rejectUnauthorized }.'),
    poolSize: z
      .number()
      .int()
      .min(1)
      .max(32)
      .default(2)
      .describe('Connections each opened source or target may hold (default 2).'),
    connectTimeout: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe('How long (ms) to wait for a connection before giving up (default 10000).'),
    lockWaitTimeout: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "Seconds a write waits for a row lock before failing as transient (innodb_lock_wait_timeout; default: the server's).",
      ),
  })
  .superRefine((config, context) => {
    const parts = (['host', 'port', 'user', 'password', 'database'] as const).filter(
      (k) => config[k] !== undefined,
    );
    if (config.url !== undefined && parts.length > 0) {
      context.addIssue({
        code: 'custom',
        path: [parts[0] as string],
        message: `give either url or ${parts.join(', ')}, not both`,
      });
    }
    if (config.url === undefined && config.database === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['database'],
        message: 'name the database (or give a url ending in /database)',
      });
    }
  });

export type MysqlConfig = z.infer<typeof mysqlConfig>;
