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
