/** Types for test-api.mjs (plain JavaScript so that it also runs standalone under node). */

export declare const credentials: {
  readonly apiKey: string;
  readonly username: string;
  readonly password: string;
  readonly bearer: string;
  readonly clientId: string;
  readonly clientSecret: string;
};

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly idempotencyKey: string | null;
  readonly authorization: string | null;
  readonly at: number;
}

export interface Fault {
  /** Path prefix the fault applies to (default every path). */
  path?: string;
  method?: string;
  /** Answer with this status (and Retry-After) instead of handling the request. */
  status?: number;
  retryAfter?: number | string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Handle the request, then answer with `status` anyway (a lost response). */
  afterApply?: boolean;
}

export interface TestApiState {
  readonly requests: LoggedRequest[];
  tokenRequests: number;
  tokenTtlSeconds: number;
  readonly faults: Fault[];
  readonly tokens: Map<string, number>;
}

export interface TestApiCertificates {
  readonly dir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

export interface TestApi {
  readonly url: string;
  readonly tlsUrl: string | undefined;
  readonly certificates: TestApiCertificates | undefined;
  readonly state: TestApiState;
  close(): Promise<void>;
}

export declare function startTestApi(options?: {
  port?: number;
  tlsPort?: number;
  tls?: boolean;
  tokenTtlSeconds?: number;
}): Promise<TestApi>;
