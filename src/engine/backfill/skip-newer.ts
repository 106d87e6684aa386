import type { Target } from '../../core/connector.js';
import type { Row } from '../../core/row.js';
import type { CompiledFlow } from '../compiled-flow.js';
import { keyText } from '../key-text.js';
import { cursorOf } from './plan-backfill.js';

/** Source rows left to write, and how many were left alone because the target is newer. */
export interface Fresher {
  readonly rows: readonly Row[];
  readonly skipped: number;
}

/**
 * Decision 0026: a backfill never writes a version older than the one the target holds. When
 * the flow copies its cursor column unchanged into a target field and the target can read by
 * key, each batch is mapped once more (a mapper of its own, so the run's per-run state is not
 * touched), the target's rows for those keys are read, and a source row whose target copy has
 * a later cursor value is skipped: the incremental flow wrote it after the backfill read it.
 * Returns undefined when the flow cannot tell (no cursor copied, or a target without
 * readByKeys); then the backfill's upsert is last-writer-wins.
 */
export function skipNewer(
  flow: CompiledFlow,
  target: Target,
): ((rows: readonly Row[]) => Promise<Fresher>) | undefined {
  const cursor = cursorOf(flow);
  const readByKeys = target.readByKeys?.bind(target);
  const field = cursor === undefined ? undefined : targetFieldOf(flow, cursor);
  if (field === undefined || readByKeys === undefined) return undefined;
  const map = flow.freshMap();
  const key = flow.target.key;
  return async (rows) => {
    const mapped = rows.map((row) => {
      const outcome = map(row);
      return outcome.ok ? outcome.row : undefined;
    });
    const keyed = mapped.filter((row): row is Row => row !== undefined);
    if (keyed.length === 0) return { rows, skipped: 0 };
    const stored = new Map((await readByKeys(keyed, key)).map((row) => [keyText(row, key), row[field]]));
    const fresh = rows.filter((_, index) => {
      const row = mapped[index];
      if (row === undefined) return true; // invalid: the pipeline dead-letters it as usual
      const current = stored.get(keyText(row, key));
      return current === undefined || !isLater(current, row[field]);
    });
    return { rows: fresh, skipped: rows.length - fresh.length };
  };
}

/** The target field the mapping copies `cursor` into unchanged (by name when there are no fields). */
function targetFieldOf(flow: CompiledFlow, cursor: string): string | undefined {
  const fields = flow.spec.fields;
  if (fields === undefined) return cursor;
  const copy = fields.find(
    (field) => field.from === cursor && typeof field.to === 'string' && field.transform === undefined,
  );
  return typeof copy?.to === 'string' ? copy.to : undefined;
}

/** Whether a stored cursor value is later than the one about to be written. */
export function isLater(stored: unknown, written: unknown): boolean {
  if (stored === null || stored === undefined || written === null || written === undefined) return false;
  const a = comparable(stored);
  const b = comparable(written);
  return typeof a === typeof b ? a > b : String(stored) > String(written);
}

function comparable(value: unknown): number | string {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const text = String(value);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const time = Date.parse(/^\d{4}-\d\d-\d\d \d/.test(text) ? text.replace(' ', 'T') : text);
  return Number.isNaN(time) ? text : time;
}
