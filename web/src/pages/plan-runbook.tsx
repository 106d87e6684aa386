import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { ErrorBox } from '../components/error-box';
import { usePageTitle } from '../components/page-title';
import { safeHtml } from '../components/plan-safe-html';
import { runbookAnchor } from '../components/plan-types';
import { useApi } from '../use-api';

/** GET /api/runbook. */
interface RunbookAnswer {
  readonly markdown: string;
  readonly html: string;
}

/**
 * /plan/runbook: the project runbook (every flow's page, generated from the spec with the team's
 * notes), with a contents list per flow; or the same as Markdown text, to copy.
 */
export function PlanRunbookPage() {
  usePageTitle('Runbook');
  const runbook = useApi<RunbookAnswer>('/api/runbook');
  const [asMarkdown, setAsMarkdown] = useState(false);
  const data = runbook.data;
  const { nodes: body, sections: flows } = useMemo(
    () =>
      data === undefined
        ? { nodes: [], sections: [] }
        : safeHtml(data.html, {
            sectionOf: (heading) => /^Runbook:\s*(.+)$/.exec(heading.trim())?.[1],
            idOf: (id, { section }) => (section === undefined ? id : runbookAnchor(section, id)),
          }),
    [data],
  );
  useScrollToHash(data !== undefined && !asMarkdown);

  return (
    <section aria-labelledby="runbook-title">
      <h1 id="runbook-title">Runbook</h1>
      <p className="muted plan-intro">
        What to do when something goes wrong, flow by flow — generated from the spec by the same code as{' '}
        <code>syncline runbook</code>; the team notes in <code>runbooks/FLOW.md</code> are kept.
      </p>
      {runbook.error && <ErrorBox error={runbook.error} what="load the runbook" />}
      {runbook.isLoading && data === undefined && <p className="muted">Loading the runbook…</p>}
      {data && (
        <div className="plan-runbook-layout">
          <nav aria-label="Runbook contents" className="card plan-runbook-toc">
            <h2>Flows</h2>
            {flows.length === 0 ? (
              <p className="muted small">No flows in the spec yet.</p>
            ) : (
              <ul>
                {flows.map((flow) => (
                  <li key={flow}>
                    <a href={`#${runbookAnchor(flow)}`}>{flow}</a>{' '}
                    <Link className="small plan-toc-flow" href={`~/flows/${encodeURIComponent(flow)}`}>
                      flow page<span className="visually-hidden"> of {flow}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className="link small" onClick={() => setAsMarkdown((v) => !v)}>
              {asMarkdown ? 'Show formatted' : 'Show as Markdown'}
            </button>
          </nav>
          {asMarkdown ? (
            <pre className="card plan-runbook-md">{data.markdown}</pre>
          ) : (
            <article className="card plan-runbook">{body}</article>
          )}
        </div>
      )}
    </section>
  );
}

/** Scrolls to the element the URL's #fragment names once the content is there (alert links). */
function useScrollToHash(isReady: boolean): void {
  useEffect(() => {
    if (!isReady || window.location.hash.length < 2) return;
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    target?.scrollIntoView();
  }, [isReady]);
}
