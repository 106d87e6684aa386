import type Database from 'better-sqlite3';
import { IntegrationError } from '../../core/integration-error.js';
import type { JsonValue } from '../../core/row.js';
import type {
  AccessStore,
  AuditEntry,
  AuditOutcome,
  Role,
  StoredSecret,
  TokenRecord,
  UserRecord,
} from '../access-store.js';
import { guardSqlite as guard } from './guard-sqlite.js';

interface UserRow {
  name: string;
  role: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}
interface TokenRow {
  id: string;
  name: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  origin: string | null;
  detail: string | null;
}
interface SecretRow {
  name: string;
  key_id: string;
  iv: string;
  tag: string;
  ciphertext: string;
  updated_at: string;
}

/** The access-control tables of the embedded state store (see AccessStore). */
export function createSqliteAccessStore(db: Database.Database): AccessStore {
  const insertUser = db.prepare(
    'INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const userByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?');
  const deleteUser = db.prepare<[string]>('DELETE FROM users WHERE name = ?');
  const deleteSessionsOf = db.prepare<[string]>('DELETE FROM sessions WHERE user_name = ?');
  const insertSecret = db.prepare(
    `INSERT INTO secrets (name, key_id, iv, tag, ciphertext, updated_at) VALUES (@name, @keyId, @iv, @tag, @ciphertext, @updatedAt)
     ON CONFLICT (name) DO UPDATE SET key_id = excluded.key_id, iv = excluded.iv, tag = excluded.tag,
       ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  );
  const putSecret = (secret: StoredSecret) => insertSecret.run({ ...secret });

  const removeUser = db.transaction((name: string): boolean => {
    deleteSessionsOf.run(name);
    return deleteUser.run(name).changes > 0;
  });
  const useToken = db.transaction((hash: string, at: string): TokenRecord | undefined => {
    const row = db
      .prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE hash = ? AND revoked_at IS NULL')
      .get(hash);
    if (row === undefined) return undefined;
    db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, row.id);
    return toToken({ ...row, last_used_at: at });
  });
  const replaceSecrets = db.transaction((secrets: readonly StoredSecret[]) => {
    for (const secret of secrets) putSecret(secret);
  });

  return {
    addUser: async (user) =>
      guard(() => {
        const added = insertUser.run(user.name, user.role, user.passwordHash, user.createdAt, user.updatedAt);
        if (added.changes === 0) {
          throw new IntegrationError(`There is already a user named "${user.name}"`, {
            kind: 'config',
            code: 'user-exists',
            hint: 'pick another name, or change the existing user with `syncline users set-role`',
          });
        }
      }),
    getUser: async (name) =>
      guard(() => {
        const row = userByName.get(name);
        return row === undefined ? undefined : toUser(row);
      }),
    listUsers: async () =>
      guard(() => db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name').all().map(toUser)),
    removeUser: async (name) => guard(() => removeUser.immediate(name)),
    setUserRole: async (name, role, at) =>
      guard(
        () =>
          db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE name = ?').run(role, at, name).changes >
          0,
      ),
    countAdmins: async () =>
      guard(
        () =>
          db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin'").get()?.n ?? 0,
      ),

    addToken: async (token) =>
      guard(() => {
        db.prepare('INSERT INTO api_tokens (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)').run(
          token.id,
          token.name,
          token.role,
          token.hash,
          token.createdAt,
        );
      }),
    useToken: async (hash, at) => guard(() => useToken.immediate(hash, at)),
    listTokens: async () =>
      guard(() =>
        db.prepare<[], TokenRow>('SELECT * FROM api_tokens ORDER BY created_at, id').all().map(toToken),
      ),
    revokeToken: async (idOrName, at) =>
      guard(
        () =>
          db
            .prepare('UPDATE api_tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL')
            .run(at, idOrName, idOrName).changes,
      ),

    addSession: async (session) =>
      guard(() => {
        // Expired sessions go when new ones come, so the table does not grow without bound.
        db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(session.createdAt);
        db.prepare('INSERT INTO sessions (hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
          session.hash,
          session.user,
          session.createdAt,
          session.expiresAt,
        );
      }),
    getSession: async (hash, at) =>
      guard(() => {
        const row = db
          .prepare<[string, string], { user_name: string; created_at: string; expires_at: string }>(
            'SELECT user_name, created_at, expires_at FROM sessions WHERE hash = ? AND expires_at > ?',
          )
          .get(hash, at);
        return row === undefined
          ? undefined
          : { user: row.user_name, createdAt: row.created_at, expiresAt: row.expires_at };
      }),
    extendSession: async (hash, expiresAt) =>
      guard(() => {
        db.prepare('UPDATE sessions SET expires_at = ? WHERE hash = ?').run(expiresAt, hash);
      }),
    deleteSession: async (hash) =>
      guard(() => {
        db.prepare('DELETE FROM sessions WHERE hash = ?').run(hash);
      }),

    appendAudit: async (entry) =>
      guard(() => {
        const row = db
          .prepare<unknown[], AuditRow>(
            `INSERT INTO audit_log (at, actor, action, target, outcome, origin, detail)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            entry.at,
            entry.actor,
            entry.action,
            entry.target ?? null,
            entry.outcome,
            entry.origin ?? null,
            entry.detail === undefined ? null : JSON.stringify(entry.detail),
          ) as AuditRow;
        return toAudit(row);
      }),
    listAudit: async (filter = {}) =>
      guard(() => {
        const conditions: string[] = [];
        const params: (string | number)[] = [];
        if (filter.since !== undefined) {
          conditions.push('at >= ?');
          params.push(filter.since);
        }
        if (filter.before !== undefined) {
          conditions.push('seq' in filter.before ? 'seq < ?' : 'at < ?');
          params.push('seq' in filter.before ? filter.before.seq : filter.before.at);
        }
        const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
        // With a limit: the newest entries, still listed oldest first unless asked otherwise.
        const limit = filter.limit === undefined ? '' : 'ORDER BY seq DESC LIMIT ?';
        if (filter.limit !== undefined) params.push(filter.limit);
        const order = filter.newestFirst === true ? 'seq DESC' : 'seq';
        return db
          .prepare<unknown[], AuditRow>(
            `SELECT * FROM (SELECT * FROM audit_log ${where} ${limit}) ORDER BY ${order}`,
          )
          .all(...params)
          .map(toAudit);
      }),

    putSecret: async (secret) =>
      guard(() => {
        putSecret(secret);
      }),
    getSecret: async (name) =>
      guard(() => {
        const row = db.prepare<[string], SecretRow>('SELECT * FROM secrets WHERE name = ?').get(name);
        return row === undefined ? undefined : toSecret(row);
      }),
    listSecrets: async () =>
      guard(() => db.prepare<[], SecretRow>('SELECT * FROM secrets ORDER BY name').all().map(toSecret)),
    removeSecret: async (name) =>
      guard(() => db.prepare('DELETE FROM secrets WHERE name = ?').run(name).changes > 0),
    replaceSecrets: async (secrets) => guard(() => replaceSecrets.immediate(secrets)),
  };
}

function toUser(row: UserRow): UserRecord {
  return {
    name: row.name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}

function toAudit(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target ?? undefined,
    outcome: row.outcome as AuditOutcome,
    origin: row.origin ?? undefined,
    detail: row.detail === null ? undefined : (JSON.parse(row.detail) as JsonValue),
  };
}

function toSecret(row: SecretRow): StoredSecret {
  return {
    name: row.name,
    keyId: row.key_id,
    iv: row.iv,
    tag: row.tag,
    ciphertext: row.ciphertext,
    updatedAt: row.updated_at,
  };
}
