import type { JsonValue } from '../core/row.js';

/**
 * What access control keeps in the state store: users, API tokens, login sessions, the audit
 * log and encrypted connection credentials. Nothing secret is stored in clear: passwords as
 * scrypt hashes, tokens and session ids as SHA-256 hashes, credentials as AES-256-GCM
 * ciphertext. Times are ISO-8601 strings handed in by the caller.
 */

export type Role = 'viewer' | 'operator' | 'admin';

export interface UserRecord {
  readonly name: string;
  readonly role: Role;
  /** The encoded scrypt hash (parameters and salt included), never the password. */
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TokenRecord {
  /** Short public id (`tok-…`), shown in lists and used to revoke. */
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly lastUsedAt?: string | undefined;
  readonly revokedAt?: string | undefined;
}

export interface NewToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** SHA-256 of the token, hex. */
  readonly hash: string;
  readonly createdAt: string;
}

export interface SessionRecord {
  readonly user: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface NewSession extends SessionRecord {
  /** SHA-256 of the session id, hex. */
  readonly hash: string;
}

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface NewAuditEntry {
  readonly at: string;
  /** Who: a user name, `token:NAME`, or the operating-system user for CLI actions. */
  readonly actor: string;
  /** What: a short verb phrase, e.g. `dead-letter.replay`, `login`, `run.forced`. */
  readonly action: string;
  /** On what: a flow, run, dead letter, user or token. */
  readonly target?: string | undefined;
  readonly outcome: AuditOutcome;
  /** Where from: `cli`, or the client address of an API request. */
  readonly origin?: string | undefined;
  /** Anything else worth keeping (reason, findings); never secrets. */
  readonly detail?: JsonValue | undefined;
}

export interface AuditEntry extends NewAuditEntry {
  readonly seq: number;
}

/** An encrypted credential: AES-256-GCM, base64 parts, and the id of the key that sealed it. */
export interface SealedSecret {
  readonly keyId: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

export interface StoredSecret extends SealedSecret {
  readonly name: string;
  readonly updatedAt: string;
}

export interface AccessStore {
  /** Adds a user; a taken name is refused (config, `user-exists`). */
  addUser(user: UserRecord): Promise<void>;
  getUser(name: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<readonly UserRecord[]>;
  /** Also ends the user's sessions. False when there was no such user. */
  removeUser(name: string): Promise<boolean>;
  setUserRole(name: string, role: Role, at: string): Promise<boolean>;
  countAdmins(): Promise<number>;

  addToken(token: NewToken): Promise<void>;
  /** The live (not revoked) token with this hash; marks it used at `at`. */
  useToken(hash: string, at: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<readonly TokenRecord[]>;
  /** Revokes by id or by name; returns how many were revoked. */
  revokeToken(idOrName: string, at: string): Promise<number>;

  addSession(session: NewSession): Promise<void>;
  /** The session with this hash if it has not expired at `at`. */
  getSession(hash: string, at: string): Promise<SessionRecord | undefined>;
  extendSession(hash: string, expiresAt: string): Promise<void>;
  deleteSession(hash: string): Promise<void>;

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Oldest first; with a limit, the newest entries. `newestFirst` lists them newest first;
   * `before` pages back: only entries below that seq, or before that time.
   */
  listAudit(filter?: {
    readonly since?: string;
    readonly limit?: number;
    readonly newestFirst?: boolean;
    readonly before?: { readonly seq: number } | { readonly at: string };
  }): Promise<readonly AuditEntry[]>;

  putSecret(secret: StoredSecret): Promise<void>;
  getSecret(name: string): Promise<StoredSecret | undefined>;
  listSecrets(): Promise<readonly StoredSecret[]>;
  removeSecret(name: string): Promise<boolean>;
  /** Replaces several sealed values at once (a key rotation): all or none. */
  replaceSecrets(secrets: readonly StoredSecret[]): Promise<void>;
}
