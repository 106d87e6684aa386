import { ErrorBox } from '../components/error-box';
import { usePageTitle } from '../components/page-title';
import { PlanFindingList } from '../components/plan-finding-list';
import { PlanReviewCard } from '../components/plan-review-card';
import { PlanStepCard } from '../components/plan-step-card';
import { type PlanAnswer, stepStatus } from '../components/plan-types';
import { useApi } from '../use-api';

/**
 * /plan: how ready the project is, step by step (1 Discovery … 5 Go-live), with what is missing
 * — the findings of `syncline plan`, grouped by step, errors first — and the review schedule.
 */
export function PlanReadinessPage() {
  usePageTitle('Plan readiness');
  const plan = useApi<PlanAnswer>('/api/plan');
  const data = plan.data;
  return (
    <section aria-labelledby="plan-title">
      <h1 id="plan-title">Plan readiness</h1>
      {plan.error && <ErrorBox error={plan.error} what="check the plan" />}
      {plan.isLoading && data === undefined && <p className="muted">Checking the plan…</p>}
      <div className="plan-top">
        {data && <PlanVerdict plan={data} />}
        <PlanReviewCard />
      </div>
      {data && (
        <>
          <h2 className="visually-hidden">Steps</h2>
          <ol className="plan-steps">
            {data.readiness.map((step) => (
              <PlanStepCard
                key={step.step}
                step={step}
                findings={data.findings.filter((f) => f.step === step.step)}
              />
            ))}
          </ol>
          <h2>What is missing</h2>
          {data.readiness.map((step) => (
            <PlanFindingList
              key={step.step}
              step={step}
              findings={data.findings.filter((f) => f.step === step.step)}
            />
          ))}
        </>
      )}
    </section>
  );
}

/** One line a project manager can repeat: ready for go-live or not, and why. */
function PlanVerdict({ plan }: { readonly plan: PlanAnswer }) {
  const ready = plan.readiness.filter((step) => stepStatus(plan.findings, step.step) === 'ready').length;
  return (
    <div className="card plan-verdict">
      <p className="plan-project">{plan.project.name}</p>
      {plan.errors > 0 ? (
        <p className="plan-verdict-line red-text">
          <strong>Not ready for go-live:</strong> {plural(plan.errors, 'error')} must be fixed first.
        </p>
      ) : plan.warnings > 0 ? (
        <p className="plan-verdict-line amber-text">
          <strong>Ready with gaps:</strong> no errors; {plural(plan.warnings, 'warning')} to close or accept.
        </p>
      ) : (
        <p className="plan-verdict-line green-text">
          <strong>Ready:</strong> every readiness check passes.
        </p>
      )}
      <dl className="plan-counts">
        <div>
          <dt>Steps ready</dt>
          <dd className="num">
            {ready} of {plan.readiness.length}
          </dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd className="num">{plan.errors.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Warnings</dt>
          <dd className="num">{plan.warnings.toLocaleString()}</dd>
        </div>
      </dl>
      <p className="muted small">
        The same checks as <code>syncline plan</code>; errors stop <code>syncline run --env production</code>.
      </p>
    </div>
  );
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;
}
