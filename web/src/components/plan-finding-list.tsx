import { ToneBadge } from './plan-tone-badge';
import { errorsFirst, type PlanFinding, type StepReadiness, stepStatus, stepStatusLook } from './plan-types';

/**
 * A step's findings, errors first, one card per check (SL203…): what the check looks for, each
 * place in the spec it found something (message and file:line), and the fix once.
 */
export function PlanFindingList({
  step,
  findings,
}: {
  readonly step: StepReadiness;
  readonly findings: readonly PlanFinding[];
}) {
  const look = stepStatusLook[stepStatus(findings, step.step)];
  return (
    <section
      id={`step-${step.step}`}
      className="plan-step-findings"
      aria-labelledby={`step-${step.step}-title`}
    >
      <h3 id={`step-${step.step}-title`}>
        {step.step} · {step.name} <ToneBadge tone={look.tone} label={look.label} />
      </h3>
      {findings.length === 0 ? (
        <p className="muted card">
          Nothing missing — all {step.checked.toLocaleString()} checks of this step pass.
        </p>
      ) : (
        <ul className="plan-findings">
          {byCode(errorsFirst(findings)).map((group) => (
            <li key={group.code} className="card plan-finding">
              <div className="plan-finding-head">
                <ToneBadge tone={group.severity === 'error' ? 'red' : 'amber'} label={group.severity} />
                <code>{group.code}</code>
                <strong>{group.title}</strong>
              </div>
              <ul className="plan-finding-hits">
                {group.hits.map((hit) => (
                  <li key={`${hit.path} ${hit.message}`}>
                    <span className="plan-finding-message">{hit.message}</span>{' '}
                    <code
                      className="plan-finding-where"
                      title={`${hit.file}:${hit.line}:${hit.col} ${hit.path}`}
                    >
                      {baseName(hit.file)}:{hit.line}
                    </code>
                  </li>
                ))}
              </ul>
              <p className="plan-finding-fix">
                <span className="plan-label">Fix:</span> {group.hint}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface FindingGroup {
  readonly code: string;
  readonly severity: PlanFinding['severity'];
  readonly title: string;
  readonly hint: string;
  readonly hits: PlanFinding[];
}

/** The findings of one check together, in the order their first finding came. */
function byCode(findings: readonly PlanFinding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const group = groups.get(finding.code);
    if (group) group.hits.push(finding);
    else groups.set(finding.code, { ...finding, hits: [finding] });
  }
  return [...groups.values()];
}

/** `syncline.yaml` for `/srv/project/syncline.yaml`: the full path is in the tooltip. */
function baseName(file: string): string {
  return file.split(/[\\/]/).at(-1) ?? file;
}
