import { parseDuration } from '../../engine/parse-duration.js';
import { findLiteralSecrets } from '../../spec/find-literal-secrets.js';
import type { FlowSpec } from '../../spec/schema.js';
import type { SpecPath } from '../../spec/spec-problem.js';
import type { PlanRule } from '../plan-rule.js';
import { scheduleInterval } from '../schedule-interval.js';

const hour = 3_600_000;
/** More records a day than this is bulk: a scheduled batch moves them more cheaply than events. */
const bulkPerDay = 100_000;

const flowsOf = (flows: Readonly<Record<string, FlowSpec>> | undefined) => Object.entries(flows ?? {});

/** Step 2: how each flow starts, how much it moves, what happens on failure, how systems connect. */
export const architectureRules: readonly PlanRule[] = [
  {
    code: 'SL201',
    step: 2,
    severity: 'error',
    title: 'flow without trigger',
    meaning:
      'Nothing says when the flow runs: on a schedule, on an event (webhook), after another flow, or by hand.',
    fix: 'add trigger: { schedule } , { webhook }, { after } or { manual: true } to the flow',
    check: ({ spec }) => {
      const flows = flowsOf(spec.flows);
      return {
        checked: flows.length,
        hits: flows
          .filter(
            ([, f]) => !f.trigger || Object.keys(f.trigger).every((k) => k === 'timezone' || k === 'event'),
          )
          .map(([name]) => ({ path: ['flows', name], message: `flow "${name}" has no trigger` })),
      };
    },
  },
  {
    code: 'SL202',
    step: 2,
    severity: 'warning',
    title: 'flow volume unknown',
    meaning: 'Without an expected volume, neither the trigger nor unusual-volume alerts can be judged.',
    fix: 'add volume: { perDay, peakPerHour } (or monitoring.expected) to the flow',
    check: ({ spec }) => {
      const flows = flowsOf(spec.flows);
      return {
        checked: flows.length,
        hits: flows
          .filter(([, f]) => !f.volume && !f.monitoring?.expected)
          .map(([name]) => ({ path: ['flows', name], message: `flow "${name}" states no expected volume` })),
      };
    },
  },
  {
    code: 'SL203',
    step: 2,
    severity: 'error',
    title: 'flow without error strategy',
    meaning:
      'Every flow fails some day: without retries a passing outage fails the run, without an alert channel nobody hears of the dead letters.',
    fix: 'add errors: { retry: { attempts: 3 }, alert: [CHANNEL] } (dead letters are always kept)',
    check: ({ spec }) => {
      const flows = flowsOf(spec.flows);
      return {
        checked: flows.length,
        hits: flows.flatMap(([name, f]) => {
          const missing = [!f.errors?.retry && 'retry', !f.errors?.alert?.length && 'alert channel'].filter(
            Boolean,
          );
          return missing.length === 0
            ? []
            : [
                {
                  path: ['flows', name, ...(f.errors ? ['errors'] : [])],
                  message: `flow "${name}" has no ${missing.join(' and no ')}`,
                },
              ];
        }),
      };
    },
  },
  {
    code: 'SL204',
    step: 2,
    severity: 'warning',
    title: 'point-to-point between many systems',
    meaning:
      'More than three connected systems wired flow by flow grow into a mesh where each change touches many flows; a hub entity model (every system to and from one hub) keeps it to one link per system.',
    fix: 'route flows through one hub system (a master data store) that owns the shared entities',
    check: ({ spec }) => {
      const pairs = new Set<string>();
      const systems = new Set<string>();
      for (const [, f] of flowsOf(spec.flows)) {
        systems.add(f.from.system);
        systems.add(f.to.system);
        pairs.add([f.from.system, f.to.system].sort().join(' '));
      }
      // A hub needs one link per system besides itself; more links than that is a mesh.
      const mesh = systems.size > 3 && pairs.size > systems.size - 1;
      return {
        checked: 1,
        hits: mesh
          ? [
              {
                path: ['flows'],
                message: `${systems.size} connected systems are wired point-to-point by ${pairs.size} links (a hub needs ${systems.size - 1})`,
              },
            ]
          : [],
      };
    },
  },
  {
    code: 'SL205',
    step: 2,
    severity: 'warning',
    title: 'real time where batch serves',
    meaning:
      'An event-driven (webhook) flow costs more to build and run than a schedule; it pays off only when data must be fresh within minutes and volumes are moderate.',
    fix: 'use trigger: { schedule } when freshness of an hour or more is fine or the volume is bulk',
    check: ({ spec }) => {
      const live = flowsOf(spec.flows).filter(([, f]) => f.trigger?.webhook !== undefined);
      return {
        checked: live.length,
        hits: live.flatMap(([name, f]) => {
          const freshness = f.monitoring?.freshness ? parseDuration(f.monitoring.freshness) : undefined;
          const perDay = f.volume?.perDay;
          const reason =
            freshness !== undefined && freshness >= hour
              ? `its freshness window is ${f.monitoring?.freshness}`
              : perDay !== undefined && perDay > bulkPerDay
                ? `it moves ${perDay} records a day`
                : undefined;
          return reason
            ? [
                {
                  path: ['flows', name, 'trigger', 'webhook'],
                  message: `flow "${name}" is real-time, but ${reason}: a schedule serves`,
                },
              ]
            : [];
        }),
      };
    },
  },
  {
    code: 'SL206',
    step: 2,
    severity: 'warning',
    title: 'batch slower than the freshness needed',
    meaning: 'A schedule that runs less often than the freshness window can never keep the data that fresh.',
    fix: 'run the schedule more often than the freshness window, or use an event trigger (webhook)',
    check: ({ spec }) => {
      const scheduled = flowsOf(spec.flows).filter(([, f]) => f.trigger?.schedule && f.monitoring?.freshness);
      return {
        checked: scheduled.length,
        hits: scheduled.flatMap(([name, f]) => {
          const interval = scheduleInterval(f.trigger?.schedule ?? '', f.trigger?.timezone);
          const freshness = parseDuration(f.monitoring?.freshness ?? '0s');
          return interval !== undefined && interval > freshness
            ? [
                {
                  path: ['flows', name, 'trigger', 'schedule'],
                  message: `flow "${name}" runs up to ${Math.round(interval / 60_000)} min apart but must be fresh within ${f.monitoring?.freshness}`,
                },
              ]
            : [];
        }),
      };
    },
  },
  {
    code: 'SL207',
    step: 2,
    severity: 'error',
    title: 'secret written in the spec',
    meaning: 'A password or token in the spec is leaked to everyone who can read the repository, for ever.',
    fix: 'use ${env:NAME} or ${file:path} references (syncline validate refuses such a spec too)',
    check: ({ spec }) => {
      // The finder locates each problem once: keep the path it asks for, the plan locates it later.
      const paths: SpecPath[] = [];
      const recordPath = Object.assign(
        (path: SpecPath) => {
          paths.push(path);
          return { line: 1, col: 1 };
        },
        { file: '' },
      );
      const hits = findLiteralSecrets(spec, recordPath).map((p, i) => ({
        path: paths[i] ?? [],
        message: p.message,
      }));
      return { checked: Object.keys(spec.systems).length, hits };
    },
  },
];
