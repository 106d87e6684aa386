import type Database from 'better-sqlite3';
import { IntegrationError } from '../../core/integration-error.js';

/**
 * The state database's schema, as an append-only list: migration N brings a database from
 * version N to N+1 (`PRAGMA user_version`). Never edit a shipped migration; add a new one.
 * JSON values are stored as text; times are the ISO-8601 strings the engine hands in.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    flow TEXT NOT NULL,
    trigger TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    read_count INTEGER NOT NULL DEFAULT 0,
    written_count INTEGER NOT NULL DEFAULT 0,
    dead_lettered_count INTEGER NOT NULL DEFAULT 0,
    warning_count INTEGER NOT NULL DEFAULT 0,
    error TEXT
  );
  CREATE INDEX runs_by_flow_status ON runs (flow, status);
  CREATE INDEX runs_by_flow ON runs (flow, seq);

  CREATE TABLE checkpoints (
    flow TEXT PRIMARY KEY,
    checkpoint TEXT NOT NULL,
    run_seq INTEGER,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE dead_letters (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    flow TEXT NOT NULL,
    run_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    field TEXT,
    key TEXT,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    resolution TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX dead_letters_by_flow_status ON dead_letters (flow, status, created_at);
  CREATE INDEX dead_letters_by_status ON dead_letters (status, created_at);
  CREATE INDEX dead_letters_by_run ON dead_letters (run_id);
  `,
  `
  CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_seq INTEGER NOT NULL,
    flow TEXT NOT NULL,
    key TEXT NOT NULL,
    before TEXT,
    after TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX journal_by_run ON journal (run_seq, seq);
  `,
  `
  ALTER TABLE dead_letters ADD COLUMN resolved_by TEXT;
  CREATE INDEX dead_letters_by_key ON dead_letters (flow, key, status);
  `,
  `
  CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
  );
  CREATE TABLE sessions (
    hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (user_name);
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    outcome TEXT NOT NULL,
    origin TEXT,
    detail TEXT
  );
  CREATE INDEX audit_log_by_time ON audit_log (at);
  CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    key_id TEXT NOT NULL,
    iv TEXT NOT NULL,
    tag TEXT NOT NULL,
    ciphertext TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    flow TEXT NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    since TEXT,
    notified_at TEXT,
    snoozed_until TEXT,
    snoozed_by TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE alert_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    flow TEXT NOT NULL,
    event TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    channel TEXT,
    detail TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX alert_events_by_flow ON alert_events (flow, at);
  CREATE INDEX alert_events_by_at ON alert_events (at);
  CREATE TABLE reviews (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    written_at TEXT NOT NULL,
    files TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE compare_runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    flow TEXT NOT NULL,
    baseline TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    clean INTEGER NOT NULL,
    matched INTEGER NOT NULL,
    differing INTEGER NOT NULL,
    missing INTEGER NOT NULL,
    extra INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    summary TEXT NOT NULL
  );
  CREATE INDEX compare_runs_by_flow ON compare_runs (flow, seq);
  CREATE TABLE flow_stages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    flow TEXT NOT NULL,
    stage TEXT NOT NULL,
    from_stage TEXT,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE INDEX flow_stages_by_flow ON flow_stages (flow, seq);
  `,
  `
  CREATE TABLE backfills (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    flow TEXT NOT NULL,
    plan TEXT NOT NULL,
    total INTEGER NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX backfills_by_flow ON backfills (flow, status, seq);
  CREATE TABLE backfill_chunks (
    backfill_seq INTEGER NOT NULL REFERENCES backfills (seq),
    idx INTEGER NOT NULL,
    ranges TEXT NOT NULL,
    is_done INTEGER NOT NULL DEFAULT 0,
    read_count INTEGER NOT NULL DEFAULT 0,
    written_count INTEGER NOT NULL DEFAULT 0,
    dead_lettered_count INTEGER NOT NULL DEFAULT 0,
    skipped_count INTEGER NOT NULL DEFAULT 0,
    finished_at TEXT,
    PRIMARY KEY (backfill_seq, idx)
  );
  `,
  `
  CREATE TABLE flow_leases (
    flow TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  `,
  `
  CREATE INDEX runs_by_flow_started ON runs (flow, started_at);
  `,
];

/**
 * Brings the database up to the latest version, one migration per IMMEDIATE transaction. The
 * version is read inside the transaction, so two processes opening the same new database do
 * not both run a migration.
 */
export function migrate(db: Database.Database, path: string): void {
  const step = db.transaction((): boolean => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw new IntegrationError(
        `State database ${path} has schema version ${version}; this syncline knows up to ${migrations.length}`,
        {
          kind: 'fatal',
          code: 'store-too-new',
          hint: 'Upgrade syncline, or point it at another state database.',
        },
      );
    }
    if (version === migrations.length) return false;
    db.exec(migrations[version] as string);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  while (step.immediate()) {
    // one migration per pass
  }
}
