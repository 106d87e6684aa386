import { useApi } from '../use-api';
import { ErrorBox } from './error-box';
import { ToneBadge } from './plan-tone-badge';
import { When } from './when';

/** GET /api/review. */
interface ReviewAnswer {
  readonly schedule: { readonly every: string; readonly nextDue?: string; readonly goLive?: string };
  readonly last?: {
    readonly from: string;
    readonly to: string;
    readonly writtenAt: string;
    readonly files: readonly string[];
  };
  readonly overdue: boolean;
}

/** The health review: when the next one is due (or overdue), and the last one written. */
export function PlanReviewCard() {
  const review = useApi<ReviewAnswer>('/api/review');
  const data = review.data;
  return (
    <section className="card plan-review" aria-labelledby="review-title">
      <h2 id="review-title">Health review</h2>
      {review.error && <ErrorBox error={review.error} what="load the review schedule" />}
      {data && (
        <>
          <p>
            {data.overdue ? (
              <ToneBadge tone="red" label="overdue" />
            ) : data.schedule.nextDue ? (
              <ToneBadge tone="green" label="on schedule" />
            ) : (
              <ToneBadge tone="grey" label="not started" />
            )}
          </p>
          <dl className="plan-facts">
            <dt>Next review</dt>
            <dd>
              {data.schedule.nextDue ? (
                <>
                  {data.overdue ? 'was due ' : 'due '}
                  <When at={data.schedule.nextDue} />
                </>
              ) : (
                <span className="muted">starts at go-live (the first successful run)</span>
              )}
            </dd>
            <dt>Rhythm</dt>
            <dd>{data.schedule.every}</dd>
            {data.schedule.goLive && (
              <>
                <dt>Go-live</dt>
                <dd>
                  <When at={data.schedule.goLive} />
                </dd>
              </>
            )}
            <dt>Last review</dt>
            <dd>
              {data.last ? (
                <>
                  written <When at={data.last.writtenAt} />{' '}
                  <span className="muted small">
                    (covers {day(data.last.from)} – {day(data.last.to)})
                  </span>
                </>
              ) : (
                <span className="muted">none yet</span>
              )}
            </dd>
          </dl>
          {(data.overdue || !data.last) && (
            <p className="small muted">
              Write one with <code>syncline review</code>: it reports each flow's health for the period.
            </p>
          )}
        </>
      )}
    </section>
  );
}

const day = (iso: string) => new Date(iso).toLocaleDateString();
