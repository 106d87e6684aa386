import { z } from 'zod';

/** The `sftp:` block of a files system's connection: where the files live on an SFTP server. */
export const sftpConfig = z
  .strictObject({
    host: z.string().min(1).describe('Server host name or address.'),
    port: z.number().int().min(1).max(65535).default(22).describe('Port (default 22).'),
    username: z.string().min(1).describe('User to log in as.'),
    password: z.string().min(1).optional().describe('Password (use a secret reference).'),
    privateKey: z
      .string()
      .min(1)
      .optional()
      .describe('Private key in OpenSSH or PEM format (use a secret reference).'),
    passphrase: z.string().optional().describe('Passphrase of the private key, if it has one.'),
    path: z
      .string()
      .min(1)
      .default('.')
      .describe('Folder on the server holding the files (default: the login folder).'),
    readyTimeout: z
      .number()
      .int()
      .positive()
      .default(10000)
      .describe('Milliseconds to wait for the connection and login (default 10000).'),
  })
  .refine((config) => config.password !== undefined || config.privateKey !== undefined, {
    message: 'give password or privateKey',
  });
export type SftpConfig = z.infer<typeof sftpConfig>;
