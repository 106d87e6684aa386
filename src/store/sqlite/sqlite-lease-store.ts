import type Database from 'better-sqlite3';
import type { FlowLease, LeaseStore } from '../lease-store.js';
import { guardSqlite as guard } from './guard-sqlite.js';

/**
 * Leases in the `flow_leases` table. Taking one is a single upsert that only overwrites a
 * lease of the same holder or an expired one, so two processes racing for a flow cannot
 * both win: SQLite serialises the writes and the loser's statement changes no row.
 */
export function sqliteLeaseStore(db: Database.Database): LeaseStore {
  const take = db.prepare<[string, string, string, string]>(
    `INSERT INTO flow_leases (flow, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (flow) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE flow_leases.holder = excluded.holder OR flow_leases.expires_at <= ?`,
  );
  const drop = db.prepare<[string, string]>('DELETE FROM flow_leases WHERE flow = ? AND holder = ?');
  const current = db.prepare<[string], { flow: string; holder: string; expires_at: string }>(
    'SELECT flow, holder, expires_at FROM flow_leases WHERE expires_at > ? ORDER BY flow',
  );
  return {
    acquire: async (flow, holder, at, until) => guard(() => take.run(flow, holder, until, at).changes === 1),
    release: async (flow, holder) => {
      guard(() => drop.run(flow, holder));
    },
    list: async (at) =>
      guard(() =>
        current
          .all(at)
          .map((row): FlowLease => ({ flow: row.flow, holder: row.holder, expiresAt: row.expires_at })),
      ),
  };
}
