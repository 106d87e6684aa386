import { Link } from 'wouter';
import { ErrorBox } from '../components/error-box';
import { usePageTitle } from '../components/page-title';
import { PlanDiagram } from '../components/plan-diagram';
import { ToneBadge } from '../components/plan-tone-badge';
import { useApi } from '../use-api';

/** GET /api/plan/landscape. */
interface LandscapeAnswer {
  readonly systems: readonly {
    readonly name: string;
    readonly kind: string;
    readonly connected: boolean;
    readonly title?: string;
    readonly owner?: string;
    readonly api?: { readonly available: boolean; readonly documented?: string; readonly docs?: string };
    readonly auth?: { readonly method: string };
    readonly volume?: { readonly perDay?: number; readonly perHour?: number; readonly peak?: string };
    readonly notes?: string;
  }[];
  readonly flows: readonly {
    readonly name: string;
    readonly from: string;
    readonly to: string;
    readonly label: string;
    readonly enabled: boolean;
  }[];
}

/** /plan/landscape: the systems-and-flows diagram, the systems inventory and the flows. */
export function PlanLandscapePage() {
  usePageTitle('Landscape');
  const landscape = useApi<LandscapeAnswer>('/api/plan/landscape');
  const data = landscape.data;
  return (
    <section aria-labelledby="landscape-title">
      <h1 id="landscape-title">Landscape</h1>
      <PlanDiagram />
      <h2>Systems</h2>
      {landscape.error && <ErrorBox error={landscape.error} what="load the systems" />}
      {landscape.isLoading && data === undefined && <p className="muted">Loading the inventory…</p>}
      {data && data.systems.length === 0 && (
        <p className="card muted">
          No systems yet — list them under <code>systems:</code> in the spec.
        </p>
      )}
      {data && data.systems.length > 0 && (
        <div className="table-scroll">
          <table className="plan-systems">
            <thead>
              <tr>
                <th scope="col">System</th>
                <th scope="col">Kind</th>
                <th scope="col">Owner</th>
                <th scope="col">API</th>
                <th scope="col" className="num">
                  Records / day
                </th>
                <th scope="col">Peak</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {data.systems.map((system) => (
                <tr key={system.name}>
                  <th scope="row">
                    {system.name}
                    {system.title && <div className="muted small plan-subtitle">{system.title}</div>}
                  </th>
                  <td>
                    {system.kind}
                    {!system.connected && <div className="muted small">not connected</div>}
                  </td>
                  <td className="nowrap">{system.owner ?? <Missing what="owner" />}</td>
                  <td>
                    {system.connected || system.api ? (
                      <ApiCell api={system.api} auth={system.auth} />
                    ) : (
                      <NotApplicable />
                    )}
                  </td>
                  <td className="num">
                    {system.volume?.perDay === undefined ? (
                      system.connected ? (
                        <Missing what="volume" />
                      ) : (
                        <NotApplicable />
                      )
                    ) : (
                      system.volume.perDay.toLocaleString()
                    )}
                  </td>
                  <td>{system.volume?.peak ?? <span className="muted">—</span>}</td>
                  <td className="small">{system.notes ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Flows</h2>
      {data && data.flows.length === 0 && (
        <p className="card muted">
          No flows yet — add one under <code>flows:</code> in the spec.
        </p>
      )}
      {data && data.flows.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Flow</th>
                <th scope="col">From → to</th>
                <th scope="col">What and how often</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {data.flows.map((flow) => (
                <tr key={flow.name}>
                  <th scope="row">
                    <Link href={`~/flows/${encodeURIComponent(flow.name)}`}>{flow.name}</Link>
                  </th>
                  <td className="nowrap">
                    {flow.from} → {flow.to}
                  </td>
                  <td>{flow.label}</td>
                  <td>
                    {flow.enabled ? (
                      <ToneBadge tone="green" label="enabled" />
                    ) : (
                      <ToneBadge tone="grey" label="disabled" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ApiCell({
  api,
  auth,
}: {
  readonly api: LandscapeAnswer['systems'][number]['api'];
  readonly auth: LandscapeAnswer['systems'][number]['auth'];
}) {
  if (api === undefined) return <Missing what="API" />;
  return (
    <>
      {api.available ? 'available' : 'none'}
      {api.documented && <div className="muted small">docs: {api.documented}</div>}
      {auth && <div className="muted small">auth: {auth.method}</div>}
    </>
  );
}

/** Nothing to record: a manual system has no API nor a volume syncline moves. */
function NotApplicable() {
  return <span className="muted">—</span>;
}

/** An inventory gap, said as such (SL102/SL103 in the readiness findings). */
function Missing({ what }: { readonly what: string }) {
  return <span className="plan-missing">{what} not recorded</span>;
}
