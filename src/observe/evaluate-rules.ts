import type { AlertRuleName } from '../spec/alerting-schema.js';
import type { AlertSeverity } from '../store/monitoring-store.js';
import type { RunRecord } from '../store/state-store.js';
import type { AlertSettings } from './alert-settings.js';
import type { FlowHistory } from './flow-history.js';
import { describeHourOfWeek, hourOfWeek, learnBaseline, usualRange } from './volume-baseline.js';

/** A rule that holds right now for a flow. A rule that does not hold yields nothing. */
export interface Finding {
  readonly rule: AlertRuleName;
  readonly flow: string;
  readonly severity: AlertSeverity;
  readonly message: string;
}

const hourMs = 3_600_000;
const weekMs = 7 * 24 * hourMs;

/** Every rule of one flow, evaluated on its history at `now`: pure, for the loop and for tests. */
export function evaluateRules(settings: AlertSettings, history: FlowHistory, now: Date): Finding[] {
  const finished = history.runs.filter((run) => run.status === 'succeeded' || run.status === 'failed');
  const found = [
    settings.runFailed.enabled ? runFailed(finished) : undefined,
    settings.errorRate.enabled ? errorRate(finished, settings.errorRate.threshold) : undefined,
    settings.volume.enabled ? volume(history.runs, settings.volume, now) : undefined,
    settings.silence.enabled ? silence(history.runs, settings.silence.freshnessMs, now) : undefined,
    settings.deadLetterBacklog.enabled ? backlog(history, settings.deadLetterBacklog) : undefined,
  ];
  const severities = {
    'run-failed': settings.runFailed.severity,
    'error-rate': settings.errorRate.severity,
    volume: settings.volume.severity,
    silence: settings.silence.severity,
    'dead-letter-backlog': settings.deadLetterBacklog.severity,
  };
  return found
    .filter((f) => f !== undefined)
    .map((f) => ({ ...f, flow: settings.flow, severity: severities[f.rule] }));
}

type Found = { readonly rule: AlertRuleName; readonly message: string } | undefined;

function runFailed(finished: readonly RunRecord[]): Found {
  const last = finished[0];
  if (last?.status !== 'failed') return undefined;
  const cause = last.error ? `: [${last.error.code}] ${last.error.message}` : '';
  return {
    rule: 'run-failed',
    message: `run ${last.id} failed at ${last.finishedAt ?? last.startedAt}${cause}`,
  };
}

function errorRate(finished: readonly RunRecord[], threshold: number): Found {
  const last = finished.find((run) => run.read > 0);
  if (last === undefined || last.deadLettered / last.read <= threshold) return undefined;
  const share = (last.deadLettered / last.read) * 100;
  return {
    rule: 'error-rate',
    message: `run ${last.id} dead-lettered ${last.deadLettered} of ${last.read} records (${share.toFixed(1)}%), above ${(threshold * 100).toFixed(1)}%`,
  };
}

/**
 * The last successful run against the learnt baseline of its hour of the week; until enough
 * history exists, against the declared monitoring.expected (cold start). The last day's total
 * is checked against expected.perDay once a day of history exists.
 */
function volume(runs: readonly RunRecord[], settings: AlertSettings['volume'], now: Date): Found {
  const succeeded = runs.filter((run) => run.status === 'succeeded');
  const last = succeeded[0];
  if (last === undefined) return undefined;
  const problems: string[] = [];
  const started = new Date(last.startedAt);
  const slot = hourOfWeek(started, settings.timeZone);
  const since = started.getTime() - settings.weeks * weekMs;
  const samples = succeeded
    .slice(1)
    .filter(
      (run) =>
        Date.parse(run.startedAt) >= since && hourOfWeek(new Date(run.startedAt), settings.timeZone) === slot,
    )
    .map((run) => run.read);
  if (samples.length >= settings.minHistory) {
    const baseline = learnBaseline(samples);
    const [low, high] = usualRange(baseline, settings.tolerance);
    if (last.read < low || last.read > high) {
      problems.push(
        `run ${last.id} read ${last.read} records; usual for ${describeHourOfWeek(slot)} is ${low}–${high} (median ${baseline.median} of ${samples.length} runs over ${settings.weeks} weeks)`,
      );
    }
  } else if (settings.perRun !== undefined) {
    const [low, high] = settings.perRun;
    if (last.read < low || last.read > high) {
      problems.push(
        `run ${last.id} read ${last.read} records; expected ${low}–${high} per run (monitoring.expected; ${samples.length} of ${settings.minHistory} past runs needed to learn a baseline)`,
      );
    }
  }
  const oldest = runs.at(-1);
  if (settings.perDay !== undefined && oldest !== undefined) {
    const dayStart = now.getTime() - 24 * hourMs;
    if (Date.parse(oldest.startedAt) <= dayStart) {
      const total = succeeded
        .filter((run) => Date.parse(run.startedAt) > dayStart)
        .reduce((sum, run) => sum + run.read, 0);
      const [low, high] = settings.perDay;
      if (total < low || total > high) {
        problems.push(`the last 24 hours read ${total} records; expected ${low}–${high} a day`);
      }
    }
  }
  return problems.length === 0
    ? undefined
    : { rule: 'volume', message: `unusual volume: ${problems.join('; ')}` };
}

/**
 * No successful run moved a record within the freshness window: runs stopped, keep failing, or
 * succeed with nothing to read. A flow that never ran is not live yet and is not silent.
 */
function silence(runs: readonly RunRecord[], freshnessMs: number | undefined, now: Date): Found {
  if (freshnessMs === undefined) return undefined;
  const lastGood = runs.find((run) => run.status === 'succeeded' && run.read > 0);
  const first = runs.at(-1);
  const reference = lastGood?.finishedAt ?? lastGood?.startedAt ?? first?.startedAt;
  if (reference === undefined) return undefined;
  const quietMs = now.getTime() - Date.parse(reference);
  if (quietMs <= freshnessMs) return undefined;
  const quiet = describeSpan(quietMs);
  const window = describeSpan(freshnessMs);
  const lastRun = runs[0];
  const detail =
    lastRun === undefined || lastRun === lastGood
      ? ''
      : `; the last run, ${lastRun.id}, ${lastRun.status === 'succeeded' ? `succeeded with ${lastRun.read} records` : `is ${lastRun.status}`}`;
  return {
    rule: 'silence',
    message: lastGood
      ? `no records moved for ${quiet} (freshness ${window}): last successful run with records was ${lastGood.id}${detail}`
      : `no successful run has moved records since the first run ${quiet} ago (freshness ${window})${detail}`,
  };
}

function backlog(history: FlowHistory, settings: AlertSettings['deadLetterBacklog']): Found {
  const added = history.openDeadLetters - history.openDeadLettersBefore;
  if (added < settings.growth) return undefined;
  return {
    rule: 'dead-letter-backlog',
    message: `${added} new dead letters are still open from the last ${describeSpan(settings.windowMs)} (${history.openDeadLetters} open in all)`,
  };
}

/** 5400000 -> "1h 30m". */
export function describeSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${minutes % 60 ? ` ${minutes % 60}m` : ''}`;
  return `${Math.floor(hours / 24)}d${hours % 24 ? ` ${hours % 24}h` : ''}`;
}
