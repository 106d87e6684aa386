import { didYouMean } from '../core/did-you-mean.js';
import { isRecord } from '../core/is-record.js';
import { checkTrigger } from './check-trigger.js';
import type { Locator } from './create-locator.js';
import { quote } from './describe-value.js';
import { problemAt, type SpecPath, type SpecProblem } from './spec-problem.js';

/**
 * Checks what the schema cannot: that names used in one place are declared in another
 * (systems, entities, flows, alert channels), that schedules parse, and that a flow's
 * settings do not contradict each other.
 *
 * Works on a validated Spec and equally on the raw parsed YAML when the schema failed, so that
 * a schema problem and a missing system are reported together. It therefore reads defensively
 * and skips whatever does not have the expected type: the schema has reported that already.
 */
export function checkReferences(spec: unknown, locate: Locator): SpecProblem[] {
  const root = asRecord(spec);
  if (!root) return [];
  const problems: SpecProblem[] = [];
  const systems = section(root.systems, false);
  const entities = section(root.entities, true);
  const flows = section(root.flows, true);
  const alerts = section(root.alerts, true);

  const expectName = (path: SpecPath, value: unknown, declared: Names | undefined, what: Declared) => {
    if (typeof value !== 'string' || declared === undefined || Object.hasOwn(declared, value)) return false;
    problems.push(unknownNameProblem(locate, path, value, declared, what));
    return true;
  };

  for (const [name, entity] of records(entities)) {
    expectName(['entities', name, 'sourceOfTruth'], entity.sourceOfTruth, systems, 'system');
    for (const [field, owner] of Object.entries(asRecord(entity.fields) ?? {})) {
      expectName(['entities', name, 'fields', field], owner, systems, 'system');
    }
  }

  const defaultChannels = asRecord(root.alerting)?.channels;
  if (Array.isArray(defaultChannels)) {
    defaultChannels.forEach((alert, index) => {
      expectName(['alerting', 'channels', index], alert, alerts, 'alert channel');
    });
  }

  for (const [name, flow] of records(flows)) {
    const at = (...rest: (string | number)[]) => ['flows', name, ...rest];
    expectName(at('entity'), flow.entity, entities, 'entity');
    for (const end of ['from', 'to'] as const) {
      const system = asRecord(flow[end])?.system;
      if (expectName(at(end, 'system'), system, systems, 'system') || typeof system !== 'string') continue;
      if (asRecord(systems?.[system])?.kind === 'manual') {
        problems.push(
          problemAt(
            locate,
            at(end, 'system'),
            'manual-system',
            `${quote(system)} is a manual system: manual systems take part in the plan but cannot be read or written`,
            { hint: 'give the system a connector kind (see docs/connectors.md), or leave it out of flows' },
          ),
        );
      }
    }
    for (const block of ['errors', 'monitoring'] as const) {
      const alertNames = asRecord(flow[block])?.alert;
      if (!Array.isArray(alertNames)) continue;
      alertNames.forEach((alert, index) => {
        expectName(at(block, 'alert', index), alert, alerts, 'alert channel');
      });
    }
    const trigger = asRecord(flow.trigger);
    if (trigger) {
      expectName(at('trigger', 'after'), trigger.after, flows, 'flow');
      problems.push(...checkTrigger(name, trigger, flows ?? {}, locate));
    }
    if (flow.mapping !== undefined && flow.fields !== undefined) {
      problems.push(
        problemAt(
          locate,
          at('mapping'),
          'mapping-and-fields',
          'a flow has either a mapping sheet or fields:, not both',
          {
            hint: 'keep the field mappings in one place: remove mapping: or fields:',
          },
        ),
      );
    }
  }
  return problems;
}

type Names = Readonly<Record<string, unknown>>;
type Declared = 'system' | 'entity' | 'flow' | 'alert channel';

const sectionOf: Record<Declared, string> = {
  system: 'systems',
  entity: 'entities',
  flow: 'flows',
  'alert channel': 'alerts',
};

function unknownNameProblem(locate: Locator, path: SpecPath, name: string, declared: Names, what: Declared) {
  const where = sectionOf[what];
  const known = Object.keys(declared);
  const suggestion = didYouMean(name, known);
  const hint = suggestion
    ? `did you mean ${quote(suggestion)}?`
    : known.length > 0
      ? `declare it under ${where}:, or use one of ${known.join(', ')}`
      : `declare it under ${where}:`;
  return problemAt(
    locate,
    path,
    `unknown-${what.replace(' ', '-')}`,
    `there is no ${what} ${quote(name)} under ${where}`,
    {
      hint,
    },
  );
}

/**
 * A section's declared names, or undefined when names in it cannot be checked: it has the wrong
 * type, or it is required and missing (the schema reports both). An optional section that is
 * absent declares nothing, so any name looked up in it is unknown.
 */
function section(value: unknown, isOptional: boolean): Names | undefined {
  if (value === undefined) return isOptional ? {} : undefined;
  return asRecord(value);
}

function records(names: Names | undefined): [string, Record<string, unknown>][] {
  return Object.entries(names ?? {}).flatMap(([name, value]) => {
    const record = asRecord(value);
    return record ? [[name, record] as [string, Record<string, unknown>]] : [];
  });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}
