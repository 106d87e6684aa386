import type Database from 'better-sqlite3';
import type {
  AlertEvent,
  AlertEventFilter,
  AlertSeverity,
  AlertState,
  MonitoringStore,
  NewAlertEvent,
} from '../monitoring-store.js';

interface AlertRow {
  id: string;
  rule: string;
  flow: string;
  status: 'firing' | 'clear';
  severity: AlertSeverity;
  message: string;
  since: string | null;
  notified_at: string | null;
  snoozed_until: string | null;
  snoozed_by: string | null;
  updated_at: string;
}

interface EventRow {
  seq: number;
  alert_id: string;
  rule: string;
  flow: string;
  event: AlertEvent['event'];
  severity: AlertSeverity;
  message: string;
  channel: string | null;
  detail: string | null;
  at: string;
}

/**
 * The monitoring part of the embedded store (alerts, their history, reviews). `guard` turns
 * SQLite failures into IntegrationErrors the same way the rest of the store does.
 */
export function createSqliteMonitoringStore(
  db: Database.Database,
  guard: <T>(operation: () => T) => T,
): MonitoringStore {
  const alertById = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const upsertAlert = db.prepare(
    `INSERT INTO alerts (id, rule, flow, status, severity, message, since, notified_at, snoozed_until, snoozed_by, updated_at)
     VALUES (@id, @rule, @flow, @status, @severity, @message, @since, @notifiedAt, @snoozedUntil, @snoozedBy, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, severity = excluded.severity,
       message = excluded.message, since = excluded.since, notified_at = excluded.notified_at,
       snoozed_until = excluded.snoozed_until, snoozed_by = excluded.snoozed_by, updated_at = excluded.updated_at`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO alert_events (alert_id, rule, flow, event, severity, message, channel, detail, at)
     VALUES (@alertId, @rule, @flow, @event, @severity, @message, @channel, @detail, @at)`,
  );
  const insertReview = db.prepare<[string, string, string, string]>(
    'INSERT INTO reviews (period_from, period_to, written_at, files) VALUES (?, ?, ?, ?)',
  );
  const append = (events: readonly NewAlertEvent[]) => {
    for (const event of events) {
      insertEvent.run({ ...event, channel: event.channel ?? null, detail: event.detail ?? null });
    }
  };
  const save = db.transaction((state: AlertState, events: readonly NewAlertEvent[]) => {
    upsertAlert.run({
      ...state,
      since: state.since ?? null,
      notifiedAt: state.notifiedAt ?? null,
      snoozedUntil: state.snoozedUntil ?? null,
      snoozedBy: state.snoozedBy ?? null,
    });
    append(events);
  });
  const appendAll = db.transaction(append);

  return {
    listAlerts: async () =>
      guard(() => db.prepare<[], AlertRow>('SELECT * FROM alerts ORDER BY flow, rule').all().map(toAlert)),
    getAlert: async (id) =>
      guard(() => {
        const row = alertById.get(id);
        return row === undefined ? undefined : toAlert(row);
      }),
    saveAlert: async (state, events) => guard(() => save.immediate(state, events)),
    appendAlertEvents: async (events) => guard(() => appendAll.immediate(events)),
    listAlertEvents: async (filter: AlertEventFilter = {}) =>
      guard(() => {
        const where: string[] = [];
        const params: (string | number)[] = [];
        const add = (sql: string, value: string | undefined) => {
          if (value === undefined) return;
          where.push(sql);
          params.push(value);
        };
        add('flow = ?', filter.flow);
        add('rule = ?', filter.rule);
        add('at >= ?', filter.since);
        add('at < ?', filter.until);
        if (filter.limit !== undefined) params.push(filter.limit);
        const sql = `SELECT * FROM alert_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY seq DESC ${filter.limit === undefined ? '' : 'LIMIT ?'}`;
        return db
          .prepare<unknown[], EventRow>(sql)
          .all(...params)
          .map(toEvent);
      }),
    recordReview: async (review) =>
      guard(() => {
        insertReview.run(review.from, review.to, review.writtenAt, JSON.stringify(review.files));
      }),
    listReviews: async (limit) =>
      guard(() =>
        db
          .prepare<unknown[], { period_from: string; period_to: string; written_at: string; files: string }>(
            `SELECT * FROM reviews ORDER BY seq DESC ${limit === undefined ? '' : 'LIMIT ?'}`,
          )
          .all(...(limit === undefined ? [] : [limit]))
          .map((row) => ({
            from: row.period_from,
            to: row.period_to,
            writtenAt: row.written_at,
            files: JSON.parse(row.files) as string[],
          })),
      ),
  };
}

function toAlert(row: AlertRow): AlertState {
  return {
    id: row.id,
    rule: row.rule,
    flow: row.flow,
    status: row.status,
    severity: row.severity,
    message: row.message,
    since: row.since ?? undefined,
    notifiedAt: row.notified_at ?? undefined,
    snoozedUntil: row.snoozed_until ?? undefined,
    snoozedBy: row.snoozed_by ?? undefined,
    updatedAt: row.updated_at,
  };
}

function toEvent(row: EventRow): AlertEvent {
  return {
    seq: row.seq,
    alertId: row.alert_id,
    rule: row.rule,
    flow: row.flow,
    event: row.event,
    severity: row.severity,
    message: row.message,
    channel: row.channel ?? undefined,
    detail: row.detail ?? undefined,
    at: row.at,
  };
}
