import { Fragment } from 'react';
import { Link } from 'wouter';
import { ErrorBox } from '../components/error-box';
import { usePageTitle } from '../components/page-title';
import { useApi } from '../use-api';

/** GET /api/plan/ownership. */
interface OwnershipAnswer {
  readonly systems: readonly string[];
  readonly entities: readonly {
    readonly entity: string;
    readonly fields: readonly {
      readonly field: string;
      readonly owner: string;
      readonly readers: readonly string[];
      readonly flows: readonly string[];
    }[];
  }[];
}

/**
 * /plan/ownership: for each entity and field, which system is its source of truth ("owns") and
 * which systems flows write it to ("receives"), one column per system.
 */
export function PlanOwnershipPage() {
  usePageTitle('Ownership');
  const matrix = useApi<OwnershipAnswer>('/api/plan/ownership');
  const data = matrix.data;
  // Only systems that own or receive something get a column; the rest would be empty.
  const systems = data?.systems.filter((system) =>
    data.entities.some((e) => e.fields.some((f) => f.owner === system || f.readers.includes(system))),
  );
  return (
    <section aria-labelledby="ownership-title">
      <h1 id="ownership-title">Field ownership</h1>
      <p className="muted plan-intro">
        Who is the source of truth for each field, and which systems receive it. A field has one owner; a
        change made anywhere else is overwritten by the next run.
      </p>
      {matrix.error && <ErrorBox error={matrix.error} what="load the ownership matrix" />}
      {data && data.entities.length === 0 && (
        <p className="card muted">
          No entities yet — declare them under <code>entities:</code> with a <code>sourceOfTruth</code>.
        </p>
      )}
      {data && systems && data.entities.length > 0 && (
        <>
          <p className="plan-legend small">
            <span className="plan-mark owner">● owns</span> source of truth ·{' '}
            <span className="plan-mark reader">→ receives</span> written there by a flow
          </p>
          <div className="table-scroll">
            <table className="plan-matrix">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  {systems.map((system) => (
                    <th scope="col" key={system} className="plan-matrix-system">
                      {system}
                    </th>
                  ))}
                  <th scope="col">Flows</th>
                </tr>
              </thead>
              <tbody>
                {data.entities.map((entity) => (
                  <Fragment key={entity.entity}>
                    <tr className="plan-matrix-entity">
                      <th scope="colgroup" colSpan={systems.length + 2}>
                        {entity.entity}
                      </th>
                    </tr>
                    {entity.fields.map((field) => (
                      <tr key={field.field}>
                        <th scope="row" className={field.field === '*' ? 'plan-whole' : undefined}>
                          {field.field === '*' ? (
                            <>
                              <span className="visually-hidden">{entity.entity}: </span>whole record
                            </>
                          ) : (
                            <code>{field.field}</code>
                          )}
                        </th>
                        {systems.map((system) => (
                          <td key={system} className="plan-matrix-cell">
                            {field.owner === system ? (
                              <span className="plan-mark owner">● owns</span>
                            ) : field.readers.includes(system) ? (
                              <span className="plan-mark reader">→ receives</span>
                            ) : (
                              <span className="visually-hidden">none</span>
                            )}
                          </td>
                        ))}
                        <td className="small">
                          {field.flows.length === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            field.flows.map((flow, index) => (
                              <Fragment key={flow}>
                                {index > 0 && ', '}
                                <Link href={`~/flows/${encodeURIComponent(flow)}`}>{flow}</Link>
                              </Fragment>
                            ))
                          )}
                        </td>
                      </tr>
                    ))}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
