import { useEffect } from 'react';
import { ErrorBox } from '../components/error-box';
import { When } from '../components/when';
import { useApi } from '../use-api';
import { count } from './flow-format';

interface CompareEntry {
  readonly id?: string;
  readonly at: string;
  readonly gate: 'pass' | 'fail';
  readonly baseline?: string;
  readonly matched?: number;
  readonly differing?: number;
  readonly missing?: number;
  readonly extra?: number;
  readonly rejected?: number;
}

interface Compare {
  readonly latest?: CompareEntry & {
    readonly summary: Readonly<Record<string, unknown>>;
    readonly fields: readonly {
      readonly field: string;
      readonly matched: number;
      readonly differed: number;
      readonly tolerance?: string;
    }[];
    readonly samples: readonly Readonly<Record<string, unknown>>[];
  };
  readonly history: readonly CompareEntry[];
}

const summaryKeys = ['read', 'output', 'matched', 'differing', 'missing', 'extra', 'rejected'] as const;

/** The parallel run's results: the latest compare field by field, and the gate's history. */
export function FlowCompare({ flow, refresh }: { readonly flow: string; readonly refresh: number }) {
  const compare = useApi<Compare>(`/api/flows/${encodeURIComponent(flow)}/compare`);
  const { reload } = compare;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  if (compare.error) return <ErrorBox error={compare.error} what="load the compare results" />;
  if (compare.data === undefined) return <p className="muted">Loading…</p>;
  const { latest, history } = compare.data;
  if (latest === undefined) {
    return (
      <p className="empty">
        No compare yet. Run <code>syncline compare {flow}</code> to check the new output against the old
        process, field by field.
      </p>
    );
  }
  const sampleColumns = [...new Set(latest.samples.flatMap((sample) => Object.keys(sample)))];
  return (
    <>
      <p className={`notice ${latest.gate === 'pass' ? 'ok' : 'bad'}`}>
        <span className={`gate badge ${latest.gate === 'pass' ? 'green' : 'red'}`}>
          gate {latest.gate === 'pass' ? 'passed' : 'failed'}
        </span>{' '}
        Latest compare <When at={latest.at} />
        {latest.baseline && (
          <>
            {' '}
            against <code>{latest.baseline}</code>
          </>
        )}
      </p>
      <dl className="facts">
        {summaryKeys.map((key) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{typeof latest.summary[key] === 'number' ? count(latest.summary[key] as number) : '—'}</dd>
          </div>
        ))}
      </dl>
      {latest.fields.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Fields compared</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col" className="num">
                  Matched
                </th>
                <th scope="col" className="num">
                  Differed
                </th>
                <th scope="col">Tolerance</th>
              </tr>
            </thead>
            <tbody>
              {latest.fields.map((field) => (
                <tr key={field.field}>
                  <th scope="row">{field.field}</th>
                  <td className="num">{count(field.matched)}</td>
                  <td className={`num${field.differed > 0 ? ' red-text' : ''}`}>{count(field.differed)}</td>
                  <td>{field.tolerance ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {latest.samples.length > 0 && (
        <>
          <h3>Sample differences</h3>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  {sampleColumns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {latest.samples.map((sample, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: samples are an ordered excerpt of a CSV
                  <tr key={index}>
                    {sampleColumns.map((column) => (
                      <SampleCell key={column} value={sample[column]} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h3>History</h3>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Gate</th>
              <th scope="col" className="num">
                Matched
              </th>
              <th scope="col" className="num">
                Differing
              </th>
              <th scope="col" className="num">
                Missing
              </th>
              <th scope="col" className="num">
                Extra
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => (
              <tr key={entry.id ?? entry.at}>
                <td>
                  <When at={entry.at} />
                </td>
                <td>
                  <span className={`badge ${entry.gate === 'pass' ? 'green' : 'red'}`}>
                    {entry.gate === 'pass' ? 'passed' : 'failed'}
                  </span>
                </td>
                <td className="num">{count(entry.matched)}</td>
                <td className="num">{count(entry.differing)}</td>
                <td className="num">{count(entry.missing)}</td>
                <td className="num">{count(entry.extra)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A sample's value: long ones (a missing record's whole row) cut, in full as a tooltip. */
function SampleCell({ value }: { readonly value: unknown }) {
  const text = sampleText(value);
  const isLong = text.length > 90;
  return (
    <td className="sample" title={isLong ? text : undefined}>
      {isLong ? `${text.slice(0, 90)}…` : text}
    </td>
  );
}

/** A sample value as one line: a whole record (a missing or extra row) as `field: value, …`. */
function sampleText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(
        ([field, inner]) =>
          `${field}: ${typeof inner === 'object' && inner !== null ? JSON.stringify(inner) : String(inner)}`,
      )
      .join(', ');
  }
  return String(value);
}
