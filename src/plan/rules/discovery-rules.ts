import { isConnected, type PlanRule, sourceTableOf } from '../plan-rule.js';

/** Step 1: every system inventoried, every entity owned, real data looked at. */
export const discoveryRules: readonly PlanRule[] = [
  {
    code: 'SL101',
    step: 1,
    severity: 'warning',
    title: 'system without owner',
    meaning: 'Nobody answers for the system: questions about its data, outages and changes go nowhere.',
    fix: 'add owner: (a team address) to the system',
    check: ({ spec }) => {
      const systems = Object.entries(spec.systems);
      return {
        checked: systems.length,
        hits: systems
          .filter(([, system]) => !system.owner)
          .map(([name]) => ({ path: ['systems', name], message: `system "${name}" has no owner` })),
      };
    },
  },
  {
    code: 'SL102',
    step: 1,
    severity: 'warning',
    title: 'system access not recorded',
    meaning:
      'How a connected system is reached (API availability, documentation quality, auth method) decides effort and risk; unrecorded, it is a surprise during the build.',
    fix: 'add api: { available, documented } and auth: { method } to the system',
    check: ({ spec }) => {
      const connected = Object.entries(spec.systems).filter(([, s]) => isConnected(s.kind));
      return {
        checked: connected.length,
        hits: connected
          .filter(([, s]) => !s.api || !s.auth)
          .map(([name, s]) => ({
            path: ['systems', name],
            message: `system "${name}" does not record ${[!s.api && 'api:', !s.auth && 'auth:'].filter(Boolean).join(' or ')}`,
          })),
      };
    },
  },
  {
    code: 'SL103',
    step: 1,
    severity: 'warning',
    title: 'system volume unknown',
    meaning: 'Without volumes and peaks, triggers, batch sizes and monitoring bounds are guesses.',
    fix: 'add volume: { perDay, perHour, peak } to the system',
    check: ({ spec }) => {
      const connected = Object.entries(spec.systems).filter(([, s]) => isConnected(s.kind));
      return {
        checked: connected.length,
        hits: connected
          .filter(([, s]) => s.volume?.perDay === undefined && s.volume?.perHour === undefined)
          .map(([name]) => ({ path: ['systems', name], message: `system "${name}" states no volume` })),
      };
    },
  },
  {
    code: 'SL104',
    step: 1,
    severity: 'warning',
    title: 'data never profiled',
    meaning:
      'Assuming data formats are consistent is the classic discovery mistake: mixed date formats, stray spaces and foreign scripts are found in production instead.',
    fix: 'run syncline profile SYSTEM.TABLE for the source table (stored under profiles/)',
    check: ({ spec, evidence }) => {
      const sources = Object.entries(spec.flows ?? {}).flatMap(([name, flow]) => {
        const table = sourceTableOf(flow.from);
        return table === undefined ? [] : [{ name, table }];
      });
      return {
        checked: sources.length,
        hits: sources
          .filter(({ table }) => !evidence.profiles.has(table))
          .map(({ name, table }) => ({
            path: ['flows', name, 'from'],
            message: `the source "${table}" of flow "${name}" was never profiled`,
          })),
      };
    },
  },
  {
    code: 'SL105',
    step: 1,
    severity: 'error',
    title: 'fields without a source of truth',
    meaning:
      'A flow that names no entity writes fields nobody owns: when two systems disagree, nothing says which one is right.',
    fix: 'declare the entity under entities: with sourceOfTruth (and fields: owners), and set entity: on the flow',
    check: ({ spec }) => {
      const flows = Object.entries(spec.flows ?? {});
      return {
        checked: flows.length,
        hits: flows
          .filter(([, flow]) => flow.entity === undefined)
          .map(([name]) => ({
            path: ['flows', name],
            message: `flow "${name}" names no entity, so its fields have no source of truth`,
          })),
      };
    },
  },
];
