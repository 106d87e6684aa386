import { z } from 'zod';

const secret = (what: string) =>
  z.string().min(1).describe(`${what}; write it as \${env:NAME} or \${file:path}, never inline.`);

const httpUrl = (what: string) =>
  z
    .string()
    .min(1)
    .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
      message: 'give an absolute http:// or https:// URL',
    })
    .describe(what);

const apiKeyAuth = z.strictObject({
  type: z.literal('api-key'),
  name: z
    .string()
    .min(1)
    .default('X-Api-Key')
    .describe('Header (or query parameter) that carries the key (default X-Api-Key).'),
  in: z
    .enum(['header', 'query'])
    .default('header')
    .describe('Send the key as a header or a query parameter.'),
  value: secret('The API key'),
});

const basicAuth = z.strictObject({
  type: z.literal('basic'),
  username: z.string().min(1).describe('User name.'),
  password: secret('Password'),
});

const bearerAuth = z.strictObject({
  type: z.literal('bearer'),
  token: secret('A long-lived access token sent as Authorization: Bearer'),
});

const oauth2Auth = z.strictObject({
  type: z.literal('oauth2'),
  tokenUrl: httpUrl('Token endpoint of the authorization server (client credentials grant).'),
  clientId: z.string().min(1).describe('OAuth2 client id.'),
  clientSecret: secret('OAuth2 client secret'),
  scope: z.string().min(1).optional().describe('Space-separated scopes to ask for.'),
  clientAuth: z
    .enum(['basic', 'post'])
    .default('basic')
    .describe(
      'How the client authenticates at the token endpoint: HTTP Basic (client_secret_basic) or form fields (client_secret_post).',
    ),
});

export const httpAuth = z.discriminatedUnion('type', [apiKeyAuth, basicAuth, bearerAuth, oauth2Auth]);
export type HttpAuth = z.infer<typeof httpAuth>;

const tls = z.strictObject({
  cert: z.string().min(1).optional().describe('PEM client certificate for mTLS, relative to the spec file.'),
  key: z
    .string()
    .min(1)
    .optional()
    .describe('PEM private key of the client certificate, relative to the spec file.'),
  passphrase: z.string().min(1).optional().describe('Passphrase of the private key (a secret reference).'),
  ca: z
    .string()
    .min(1)
    .optional()
    .describe('PEM certificate authority that signed the server certificate, relative to the spec file.'),
  rejectUnauthorized: z
    .boolean()
    .default(true)
    .describe(
      'Refuse a server certificate that does not verify (default true; false only for a test server).',
    ),
});
export type HttpTls = z.infer<typeof tls>;

/** The `connection:` block of an http system: one REST API under one base URL. */
export const httpConfig = z
  .strictObject({
    baseUrl: httpUrl('Base URL of the API; flow paths are appended to it (https://api.example.com/v2).'),
    auth: httpAuth.optional().describe('How requests authenticate: api-key, basic, bearer or oauth2.'),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe('Headers sent with every request (Accept-Language, a tenant id).'),
    tls: tls.optional().describe('TLS settings: a client certificate (mTLS) and a private CA.'),
    timeout: z
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe('Milliseconds to wait for response headers, and between body chunks (default 30000).'),
    requestsPerSecond: z
      .number()
      .positive()
      .optional()
      .describe('Budget of requests per second to this system, shared by its flows in one process.'),
    burst: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('Requests that may go at once before the per-second budget applies (default 1).'),
    retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(3)
      .describe('Times a request answered 429 or 503 is repeated after Retry-After (default 3).'),
    maxRetryWait: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('Longest Retry-After (ms) honoured in place; a longer one fails the batch as transient.'),
    openapi: z
      .string()
      .min(1)
      .optional()
      .describe(
        'OpenAPI 3 document of the API (JSON or YAML) that syncline discover reads: a file relative to the spec, or an http(s) URL fetched with this connection (auth, TLS, allowed hosts).',
      ),
    allowHosts: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Hosts requests may go to (host or host:port). Default: the host of baseUrl, of the OAuth2 tokenUrl and of an openapi URL.',
      ),
    allowLinkLocal: z
      .boolean()
      .default(false)
      .describe(
        'Allow link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, ...); refused by default.',
      ),
  })
  .superRefine((config, context) => {
    const { cert, key } = config.tls ?? {};
    if ((cert === undefined) !== (key === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['tls', cert === undefined ? 'cert' : 'key'],
        message: 'give both tls.cert and tls.key for a client certificate',
      });
    }
  });

export type HttpConfig = z.infer<typeof httpConfig>;
