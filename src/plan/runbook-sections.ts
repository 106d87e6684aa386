import type { Spec } from '../spec/schema.js';
import { flowFrequency, flowVolume } from './flow-frequency.js';

export interface RunbookSection {
  readonly title: string;
  /** Plain lines; a line starting with "$ " is a command. */
  readonly lines: readonly string[];
}

/** What an operator needs for one flow, generated from the spec. */
export function runbookSections(spec: Spec, name: string): RunbookSection[] {
  const flow = spec.flows?.[name];
  if (!flow) return [];
  const from = spec.systems[flow.from.system];
  const to = spec.systems[flow.to.system];
  const alerts = [...new Set([...(flow.errors?.alert ?? []), ...(flow.monitoring?.alert ?? [])])];
  const expected = flow.monitoring?.expected;
  const contact = (system: string, owner: string | undefined) => `${system}: ${owner ?? 'no owner recorded'}`;
  return [
    {
      title: 'What it does',
      lines: [
        flow.description ??
          `Moves ${flow.entity ?? 'records'} from ${flow.from.system} to ${flow.to.system}.`,
        ...(flow.data ? [`Data: ${flow.data}`] : []),
        `Path: ${flow.from.system} (${from?.title ?? from?.kind}) → ${flow.to.system} (${to?.title ?? to?.kind}), mode ${flow.to.mode ?? 'upsert'}${flow.entity ? `, entity ${flow.entity}` : ''}.`,
        ...(flow.enabled ? [] : ['The flow is disabled in the spec.']),
      ],
    },
    {
      title: 'Owners',
      lines: [
        `Integration: ${spec.project.owner ?? 'no owner recorded'}`,
        `Source ${contact(flow.from.system, from?.owner)}`,
        `Target ${contact(flow.to.system, to?.owner)}`,
      ],
    },
    {
      title: 'Schedule',
      lines: [
        `Runs ${flowFrequency(flow)}${flow.trigger?.schedule ? ` (cron ${flow.trigger.schedule}${flow.trigger.timezone ? `, ${flow.trigger.timezone}` : ', UTC'})` : ''}.`,
        ...(flow.trigger?.event ? [`Business event: ${flow.trigger.event}.`] : []),
        `Expected volume: ${flowVolume(flow) ?? 'not stated'}.`,
      ],
    },
    {
      title: 'How to check health',
      lines: [
        '$ syncline status',
        `$ syncline dead-letters list --flow ${name}`,
        ...(flow.monitoring?.freshness
          ? [`A healthy flow has a successful run within the last ${flow.monitoring.freshness}.`]
          : []),
        ...(expected?.perRun
          ? [`A run normally moves ${expected.perRun[0]}–${expected.perRun[1]} records.`]
          : []),
        ...(expected?.perDay
          ? [`A day normally moves ${expected.perDay[0]}–${expected.perDay[1]} records.`]
          : []),
      ],
    },
    {
      title: 'What each alert means',
      lines: [
        alerts.length > 0
          ? `Alerts go to: ${alerts.join(', ')}.`
          : 'No alert channel is configured: nobody is told of failures.',
        'Run failed: the whole run stopped (system down, credentials, a stop rule). The checkpoint did not move; the next run retries from the same place.',
        'Dead letters: some records were not written; each has a reason and can be replayed after the cause is fixed.',
        ...(expected
          ? [
              'Unusual volume: a run or day moved fewer or more records than expected; check the source for an outage or a bulk change.',
            ]
          : []),
        ...(flow.monitoring?.freshness
          ? [
              `Stale: no successful run for ${flow.monitoring.freshness}; check the scheduler and the last run's error.`,
            ]
          : []),
      ],
    },
    {
      title: 'Dead letters: inspect and replay',
      lines: [
        `$ syncline dead-letters list --flow ${name}`,
        '$ syncline dead-letters show ID',
        `$ syncline dead-letters replay --flow ${name}`,
        'Replay sends the original records through the current mapping: fix the mapping or the data first.',
      ],
    },
    {
      title: 'How to roll back',
      lines: [
        ...(flow.rollback === 'journal'
          ? ['The flow keeps a journal of before-images: a run can be undone.', '$ syncline rollback RUN']
          : ['The flow keeps no journal (rollback: none): a run cannot be undone by syncline.']),
        ...(flow.rollbackPlan ? [`Plan: ${flow.rollbackPlan}`] : []),
      ],
    },
    {
      title: 'Whom to call',
      lines: [
        `Source system ${contact(flow.from.system, from?.owner)}`,
        `Target system ${contact(flow.to.system, to?.owner)}`,
        `Integration team: ${spec.project.owner ?? 'no owner recorded'}`,
      ],
    },
  ];
}
