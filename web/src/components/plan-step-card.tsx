import { ToneBadge } from './plan-tone-badge';
import { type PlanFinding, type StepReadiness, stepStatus, stepStatusLook } from './plan-types';

/** One of the five steps: its status in words, how many checks pass, a link to what is missing. */
export function PlanStepCard({
  step,
  findings,
}: {
  readonly step: StepReadiness;
  readonly findings: readonly PlanFinding[];
}) {
  const status = stepStatus(findings, step.step);
  const look = stepStatusLook[status];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return (
    <li className={`card plan-step plan-step-${status}`}>
      <h3>
        <span className="plan-step-number" aria-hidden="true">
          {step.step}
        </span>
        <span className="visually-hidden">Step {step.step}: </span>
        {step.name}
      </h3>
      <ToneBadge tone={look.tone} label={look.label} />
      <div className="plan-progress">
        <progress
          max={100}
          value={step.percent}
          aria-label={`${step.name}: ${step.percent}% of checks pass`}
        />
        <span className="small">
          <strong>{step.percent}%</strong> of {step.checked.toLocaleString()} checks pass
        </span>
      </div>
      <p className="small plan-step-missing">
        {findings.length === 0 ? (
          <span className="muted">Nothing missing</span>
        ) : (
          <a href={`#step-${step.step}`}>
            {[
              errors > 0 && `${errors} error${errors === 1 ? '' : 's'}`,
              warnings > 0 && `${warnings} warning${warnings === 1 ? '' : 's'}`,
            ]
              .filter(Boolean)
              .join(', ')}
          </a>
        )}
      </p>
    </li>
  );
}
