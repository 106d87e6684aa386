import type { CompareRecord } from '../store/cutover-store.js';
import type { RunRecord, StateStore } from '../store/state-store.js';

/**
 * Prometheus metrics of the flows this process serves, in the text exposition format.
 * Counters and the duration histogram count the runs this process finished (they start at
 * zero with the process, as Prometheus counters do); the dead-letter backlog and the last
 * success time are read from the store at scrape time, so they hold across restarts.
 */
export interface FlowMetrics {
  recordRun(run: RunRecord): void;
  /** A shadow compare this process ran: outcome pass (clean) or fail. */
  recordCompare(compare: CompareRecord): void;
  /** A shadow compare that could not finish (outcome error). */
  recordCompareFailure(flow: string): void;
  render(store: StateStore, flows: readonly string[]): Promise<string>;
}

/** Seconds; from a sub-second webhook batch to an hour-long backfill step. */
const buckets = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

export function createFlowMetrics(): FlowMetrics {
  const runs = new Map<string, number>();
  const records = new Map<string, number>();
  const durations = new Map<string, Histogram>();
  const compares = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, by: number) => map.set(key, (map.get(key) ?? 0) + by);

  return {
    recordRun(run) {
      add(runs, labels({ flow: run.flow, status: run.status, trigger: run.trigger }), 1);
      add(records, labels({ flow: run.flow, outcome: 'read' }), run.read);
      add(records, labels({ flow: run.flow, outcome: 'written' }), run.written);
      add(records, labels({ flow: run.flow, outcome: 'rejected' }), run.deadLettered);
      if (run.finishedAt === undefined) return;
      const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
      const histogram = durations.get(run.flow) ?? { counts: buckets.map(() => 0), sum: 0, count: 0 };
      buckets.forEach((bound, index) => {
        if (seconds <= bound) histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
      });
      histogram.sum += seconds;
      histogram.count++;
      durations.set(run.flow, histogram);
    },

    recordCompare(compare) {
      add(compares, labels({ flow: compare.flow, outcome: compare.clean ? 'pass' : 'fail' }), 1);
    },
    recordCompareFailure(flow) {
      add(compares, labels({ flow, outcome: 'error' }), 1);
    },

    async render(store, flows) {
      const lines: string[] = [];
      const family = (name: string, type: string, help: string) =>
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

      family('syncline_runs_total', 'counter', 'Runs finished by this process, by flow, status and trigger.');
      for (const [key, value] of runs) lines.push(`syncline_runs_total{${key}} ${value}`);
      family(
        'syncline_records_total',
        'counter',
        'Records read, written and rejected (dead-lettered) by flow.',
      );
      for (const [key, value] of records) lines.push(`syncline_records_total{${key}} ${value}`);

      family('syncline_run_duration_seconds', 'histogram', 'How long runs took, by flow.');
      for (const [flow, histogram] of durations) {
        buckets.forEach((bound, index) => {
          lines.push(
            `syncline_run_duration_seconds_bucket{${labels({ flow, le: String(bound) })}} ${histogram.counts[index]}`,
          );
        });
        lines.push(
          `syncline_run_duration_seconds_bucket{${labels({ flow, le: '+Inf' })}} ${histogram.count}`,
        );
        lines.push(`syncline_run_duration_seconds_sum{${labels({ flow })}} ${histogram.sum}`);
        lines.push(`syncline_run_duration_seconds_count{${labels({ flow })}} ${histogram.count}`);
      }

      family(
        'syncline_compares_total',
        'counter',
        'Shadow compares of parallel flows run by this process, by flow and outcome (pass, fail, error).',
      );
      for (const [key, value] of compares) lines.push(`syncline_compares_total{${key}} ${value}`);

      family('syncline_dead_letters_open', 'gauge', 'Open dead letters (the backlog) by flow.');
      const backlog = await Promise.all(
        flows.map((flow) => store.countDeadLetters({ flow, status: 'open' })),
      );
      flows.forEach((flow, index) => {
        lines.push(`syncline_dead_letters_open{${labels({ flow })}} ${backlog[index]}`);
      });

      family(
        'syncline_last_success_timestamp_seconds',
        'gauge',
        'When the last successful run of the flow finished (Unix time); absent before the first.',
      );
      for (const flow of flows) {
        const success = await lastSuccess(store, flow);
        if (success?.finishedAt !== undefined)
          lines.push(
            `syncline_last_success_timestamp_seconds{${labels({ flow })}} ${Date.parse(success.finishedAt) / 1000}`,
          );
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** The newest succeeded run among the flow's recent ones. */
export async function lastSuccess(store: StateStore, flow: string): Promise<RunRecord | undefined> {
  const recent = await store.listRuns({ flow, limit: 500 });
  return recent.find((run) => run.status === 'succeeded');
}

function labels(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}
