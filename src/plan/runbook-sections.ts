import { type AlertRuleName, alertAnchor } from '../spec/alerting-schema.js';
import type { Spec } from '../spec/schema.js';
import { flowFrequency, flowVolume } from './flow-frequency.js';

export interface RunbookSection {
  readonly title: string;
  /** Link target of the section (alerts link to theirs: runbooks/FLOW.md#alert-silence). */
  readonly anchor?: string;
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
          : 'No alert channel is configured for this flow: alerts go to alerting.channels, if any.',
        'Each alert links to its section below. Snooze one while it is being handled: syncline alerts snooze RULE --flow FLOW --for 2h.',
      ],
    },
    ...alertSections(flow.monitoring?.freshness, expected !== undefined),
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

/** One section per alert kind, each with the anchor its notifications link to. */
function alertSections(freshness: string | undefined, hasExpected: boolean): RunbookSection[] {
  const section = (rule: AlertRuleName, title: string, lines: string[]): RunbookSection => ({
    title: `Alert: ${title}`,
    anchor: alertAnchor(rule),
    lines,
  });
  return [
    section('run-failed', 'run failed', [
      'The whole run stopped (system down, credentials, a stop rule). The checkpoint did not move; the next run retries from the same place.',
      "Read the run's error, fix the cause, then run the flow again.",
      '$ syncline status',
    ]),
    section('error-rate', 'error rate', [
      'A run dead-lettered more records than the threshold allows: bad source data, or a mapping that no longer fits.',
      'Each dead letter has a reason; fix the mapping or the data, then replay.',
    ]),
    section('volume', 'unusual volume', [
      hasExpected
        ? 'A run or day moved fewer or more records than usual: the baseline learnt from past runs at the same hour of the week, or monitoring.expected until enough history exists.'
        : 'A run moved fewer or more records than the baseline learnt from past runs at the same hour of the week.',
      'Check the source for an outage, a bulk change or a changed filter.',
    ]),
    section('silence', 'silence', [
      freshness
        ? `No successful run moved any record for ${freshness}: the scheduler stopped, runs keep failing, or the source stopped producing data.`
        : 'No successful run moved any record within the freshness window (set monitoring.freshness to enable it).',
      "Check the scheduler, the last run's error and the source system.",
    ]),
    section('dead-letter-backlog', 'dead-letter backlog growing', [
      'Dead letters are piling up faster than they are handled.',
      'Some records were not written; each has a reason and can be replayed after the cause is fixed.',
    ]),
  ];
}
