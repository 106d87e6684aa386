import { useApi } from '../use-api';
import { ErrorBox } from './error-box';

interface Sheet {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
}

/** Columns whose text is prose and may wrap; the others stay on one line. */
const wrapping = new Set(['transformation', 'validation', 'notes']);

/** The flow's mapping sheet as a table, and the same sheet as an XLSX download. */
export function MappingSheet({ flow }: { readonly flow: string }) {
  const base = `/api/flows/${encodeURIComponent(flow)}`;
  const sheet = useApi<Sheet>(`${base}/mapping`);
  return (
    <>
      <div className="section-tools">
        <a className="button" href={`${base}/mapping.xlsx`} download={`${flow}.xlsx`}>
          Download XLSX
        </a>
        <span className="muted small">
          the same sheet <code>syncline sheet export</code> writes; edit it and import it back to change the
          mapping
        </span>
      </div>
      {sheet.error && <ErrorBox error={sheet.error} what="load the mapping sheet" />}
      {sheet.data?.rows.length === 0 && <p className="empty">This flow maps no fields yet.</p>}
      {sheet.data !== undefined && sheet.data.rows.length > 0 && (
        <div className="table-scroll">
          <table className="mapping-table">
            <caption className="visually-hidden">Mapping sheet of {flow}</caption>
            <thead>
              <tr>
                {sheet.data.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sheet.data.rows.map((row, index) => (
                // Rows have no identity of their own; their order is the sheet's.
                // biome-ignore lint/suspicious/noArrayIndexKey: the sheet's row order is its identity
                <tr key={index}>
                  {sheet.data?.columns.map((column) => (
                    <td key={column} className={wrapping.has(column) ? 'wrap' : undefined}>
                      {row[column] === '' || row[column] === undefined ? (
                        <span className="muted">—</span>
                      ) : (
                        row[column]
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
