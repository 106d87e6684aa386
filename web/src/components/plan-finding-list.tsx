import { ToneBadge } from './plan-tone-badge';
import { errorsFirst, type PlanFinding, type StepReadiness, stepStatus, stepStatusLook } from './plan-types';

/** A step's findings, errors first: what was found, where in the spec, and what to do. */
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
          {errorsFirst(findings).map((finding) => (
            <li key={`${finding.code} ${finding.path} ${finding.message}`} className="card plan-finding">
              <div className="plan-finding-head">
                <ToneBadge tone={finding.severity === 'error' ? 'red' : 'amber'} label={finding.severity} />
                <code>{finding.code}</code>
                <strong>{finding.title}</strong>
              </div>
              <p className="plan-finding-message">{finding.message}</p>
              <p className="plan-finding-fix">
                <span className="plan-label">Fix:</span> {finding.hint}
              </p>
              <p className="small muted plan-finding-where">
                <code title={finding.path}>
                  {finding.file}:{finding.line}:{finding.col}
                </code>{' '}
                {finding.path}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
