import { z } from 'zod';

/** The `connection:` block of an sqlite system. */
export const sqliteConfig = z.strictObject({
  path: z.string().min(1).describe('Database file, relative to the spec file.'),
  busyTimeout: z
    .number()
    .int()
    .nonnegative()
    .default(5000)
    .describe('How long (ms) to wait for a lock held by another process before giving up (default 5000).'),
  foreignKeys: z
    .boolean()
    .default(true)
    .describe('Enforce FOREIGN KEY constraints on writes (default true); a violating row is rejected.'),
});

export type SqliteConfig = z.infer<typeof sqliteConfig>;
