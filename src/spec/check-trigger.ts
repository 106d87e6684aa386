import { Cron } from 'croner';
import { didYouMean } from '../core/did-you-mean.js';
import type { Locator } from './create-locator.js';
import { quote } from './describe-value.js';
import { problemAt, type SpecProblem } from './spec-problem.js';

/**
 * Checks a flow's `trigger:` beyond its shape: the schedule parses, the time zone exists, and
 * `after:` chains do not loop (flows that wait for each other never run). `after:` naming an
 * unknown flow is reported by checkReferences.
 */
export function checkTrigger(
  flow: string,
  trigger: Readonly<Record<string, unknown>>,
  flows: Readonly<Record<string, unknown>>,
  locate: Locator,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (key: string) => ['flows', flow, 'trigger', key];
  if (typeof trigger.schedule === 'string') {
    const reason = cronProblem(trigger.schedule);
    if (reason !== undefined) {
      problems.push(
        problemAt(
          locate,
          at('schedule'),
          'bad-cron',
          `${quote(trigger.schedule)} is not a valid schedule: ${reason}`,
          {
            hint: 'write five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *" for every 15 minutes',
          },
        ),
      );
    }
  }
  if (typeof trigger.timezone === 'string' && !isTimeZone(trigger.timezone)) {
    const suggestion = didYouMean(trigger.timezone, timeZones());
    problems.push(
      problemAt(
        locate,
        at('timezone'),
        'bad-timezone',
        `${quote(trigger.timezone)} is not a known time zone`,
        {
          hint: suggestion
            ? `did you mean ${quote(suggestion)}?`
            : 'use an IANA name such as "Europe/Berlin" or "UTC"',
        },
      ),
    );
  }
  const cycle = afterCycle(flow, flows);
  if (cycle !== undefined) {
    const isSelf = cycle.length === 1;
    const message = isSelf
      ? 'a flow cannot run after itself, so it would never run'
      : `flows ${cycle.join(' → ')} → ${flow} wait for each other, so none of them would ever run`;
    const start = 'with a schedule, a webhook or by hand instead';
    problems.push(
      problemAt(locate, at('after'), 'trigger-cycle', message, {
        hint: isSelf ? `start it ${start}` : `start one of them ${start}`,
      }),
    );
  }
  return problems;
}

function cronProblem(expression: string): string | undefined {
  const fields = expression
    .trim()
    .split(/\s+/)
    .filter((field) => field !== '');
  // croner also takes seconds (6 fields) and years (7), but five is what people write and read.
  if (!expression.startsWith('@') && (fields.length < 5 || fields.length > 7)) {
    return `it has ${fields.length} field${fields.length === 1 ? '' : 's'}, a schedule needs 5`;
  }
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.replace(/^CronPattern:\s*/, '').replace(/\.$/, '');
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

/**
 * The flows in the `after:` loop that starts at `flow`, in order, or undefined when there is no
 * loop. A loop is reported once, at the member declared first, rather than at each member.
 */
function afterCycle(flow: string, flows: Readonly<Record<string, unknown>>): string[] | undefined {
  const chain = [flow];
  for (let next = afterOf(flows[flow]); next !== undefined; next = afterOf(flows[next])) {
    if (next === flow) break;
    if (chain.includes(next) || !Object.hasOwn(flows, next)) return undefined;
    chain.push(next);
  }
  if (afterOf(flows[chain.at(-1) ?? flow]) !== flow) return undefined;
  const order = Object.keys(flows);
  const first = chain.reduce((a, b) => (order.indexOf(b) < order.indexOf(a) ? b : a));
  return first === flow ? chain : undefined;
}

function afterOf(flow: unknown): string | undefined {
  const trigger = (flow as { trigger?: { after?: unknown } } | null)?.trigger;
  return typeof trigger?.after === 'string' ? trigger.after : undefined;
}
