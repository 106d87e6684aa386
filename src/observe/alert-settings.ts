import { parseDuration } from '../engine/parse-duration.js';
import { type AlertRuleName, type AlertRulesSpec, alertAnchor } from '../spec/alerting-schema.js';
import type { Spec } from '../spec/schema.js';
import type { AlertSeverity } from '../store/monitoring-store.js';

interface Toggle {
  readonly enabled: boolean;
  readonly severity: AlertSeverity;
}

/** One flow's rule settings: built-in defaults, then alerting.rules, then the flow's own. */
export interface AlertSettings {
  readonly flow: string;
  readonly runFailed: Toggle;
  readonly errorRate: Toggle & { readonly threshold: number };
  readonly volume: Toggle & {
    readonly weeks: number;
    readonly minHistory: number;
    readonly tolerance: number;
    readonly perRun?: readonly [number, number] | undefined;
    readonly perDay?: readonly [number, number] | undefined;
    /** Hours of the week are counted in the schedule's time zone. */
    readonly timeZone: string;
  };
  readonly silence: Toggle & { readonly freshnessMs?: number | undefined };
  readonly deadLetterBacklog: Toggle & { readonly growth: number; readonly windowMs: number };
  /** Channel names under alerts: that hear of this flow's alerts. */
  readonly channels: readonly string[];
  readonly repeatMs: number;
  /** Link to the flow's runbook, without the anchor. */
  readonly runbook: string;
}

export const defaultRepeat = '4h';

export function alertSettings(spec: Spec, flow: string): AlertSettings {
  const flowSpec = spec.flows?.[flow];
  const project = spec.alerting?.rules ?? {};
  const own = flowSpec?.monitoring?.rules ?? {};
  const pick = <K extends keyof AlertRulesSpec>(key: K): NonNullable<AlertRulesSpec[K]> => ({
    ...(project[key] ?? {}),
    ...(own[key] ?? {}),
  });
  const toggle = (
    settings: { enabled?: boolean | undefined; severity?: AlertSeverity | undefined },
    severity: AlertSeverity,
  ) => ({
    enabled: settings.enabled ?? true,
    severity: settings.severity ?? severity,
  });
  const [runFailed, errorRate, volume, silence, backlog] = [
    pick('runFailed'),
    pick('errorRate'),
    pick('volume'),
    pick('silence'),
    pick('deadLetterBacklog'),
  ];
  const freshness = flowSpec?.monitoring?.freshness;
  const named = [...(flowSpec?.errors?.alert ?? []), ...(flowSpec?.monitoring?.alert ?? [])];
  return {
    flow,
    runFailed: toggle(runFailed, 'critical'),
    errorRate: { ...toggle(errorRate, 'warning'), threshold: errorRate.threshold ?? 0.05 },
    volume: {
      ...toggle(volume, 'warning'),
      weeks: volume.weeks ?? 4,
      minHistory: volume.minHistory ?? 3,
      tolerance: volume.tolerance ?? 4,
      perRun: flowSpec?.monitoring?.expected?.perRun,
      perDay: flowSpec?.monitoring?.expected?.perDay,
      timeZone: flowSpec?.trigger?.timezone ?? 'UTC',
    },
    silence: {
      ...toggle(silence, 'critical'),
      freshnessMs: freshness === undefined ? undefined : parseDuration(freshness),
    },
    deadLetterBacklog: {
      ...toggle(backlog, 'warning'),
      growth: backlog.growth ?? 10,
      windowMs: parseDuration(backlog.window ?? '1d'),
    },
    channels: [...new Set(named.length > 0 ? named : (spec.alerting?.channels ?? []))],
    repeatMs: parseDuration(spec.alerting?.repeat ?? defaultRepeat),
    runbook: (spec.alerting?.runbook ?? 'runbooks/{flow}.md').replaceAll('{flow}', flow),
  };
}

/** The runbook section of an alert kind: `runbooks/f.md#alert-silence`. */
export function runbookLink(settings: AlertSettings, rule: AlertRuleName): string {
  return `${settings.runbook}#${alertAnchor(rule)}`;
}
