import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../components/chart';
import { ErrorBox } from '../components/error-box';
import { useApi } from '../use-api';
import type { SeriesPoint } from './flow-types';

const hour = 3600;
const dayChoices = [1, 7, 30] as const;

/**
 * The flow's volume (read, written) and errors (invalid, rejected, failed runs) per hour over
 * the last days, from /api/flows/:flow/series; every hour of the window has a bar, so a quiet
 * hour reads as zero rather than being skipped.
 */
export function FlowCharts({ flow, refresh }: { readonly flow: string; readonly refresh: number }) {
  const [days, setDays] = useState<number>(7);
  const base = `/api/flows/${encodeURIComponent(flow)}`;
  const series = useApi<{ points: SeriesPoint[] }>(`${base}/series?days=${days}`);
  const { reload } = series;
  useEffect(() => {
    if (refresh !== 0) reload();
  }, [refresh, reload]);

  const points = series.data?.points;
  const hours = useMemo(() => hourly(points ?? [], days), [points, days]);
  const error = series.error;

  return (
    <>
      <div className="section-tools">
        <label>
          Period
          <select value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {dayChoices.map((choice) => (
              <option key={choice} value={choice}>
                {choice === 1 ? 'last 24 hours' : `last ${choice} days`}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">one bar per hour, local time</span>
      </div>
      {error && <ErrorBox error={error} what="load the flow's activity" />}
      {points !== undefined && (
        <div className="charts">
          <Chart
            title="Volume"
            unit="records per hour"
            x={hours.x}
            series={[
              { label: 'read', color: '#a9bfee', values: hours.read },
              { label: 'written', color: '#2456c7', values: hours.written },
            ]}
            empty={`No records moved in the ${periodOf(days)} — no run read anything.`}
          />
          <Chart
            title="Errors"
            unit="records per hour; failed runs on the right"
            x={hours.x}
            isStacked
            lineUnit="runs"
            series={[
              { label: 'invalid', color: '#e0a23a', values: hours.invalid },
              { label: 'rejected', color: '#b42329', values: hours.rejected },
              { label: 'failed runs', color: '#5c0f13', values: hours.failed, isLine: true },
            ]}
            empty={`No errors in the ${periodOf(days)} — every record read was written.`}
          />
        </div>
      )}
    </>
  );
}

function periodOf(days: number): string {
  return days === 1 ? 'last 24 hours' : `last ${days} days`;
}

interface Hourly {
  readonly x: number[];
  readonly read: number[];
  readonly written: number[];
  readonly invalid: number[];
  readonly rejected: number[];
  readonly failed: number[];
}

/** Spreads the points (hours that had runs) over every hour of the window, zeros between. */
function hourly(points: readonly SeriesPoint[], days: number): Hourly {
  const last = Math.floor(Date.now() / 1000 / hour) * hour;
  const first = last - (days * 24 - 1) * hour;
  const size = days * 24;
  const zeros = () => new Array<number>(size).fill(0);
  const out: Hourly = {
    x: Array.from({ length: size }, (_, i) => first + i * hour),
    read: zeros(),
    written: zeros(),
    invalid: zeros(),
    rejected: zeros(),
    failed: zeros(),
  };
  for (const point of points) {
    const index = Math.floor((Date.parse(point.at) / 1000 - first) / hour);
    if (index < 0 || index >= size) continue;
    out.read[index] = (out.read[index] ?? 0) + point.read;
    out.written[index] = (out.written[index] ?? 0) + point.written;
    out.invalid[index] = (out.invalid[index] ?? 0) + point.invalid;
    out.rejected[index] = (out.rejected[index] ?? 0) + point.rejected;
    out.failed[index] = (out.failed[index] ?? 0) + point.failed;
  }
  return out;
}

/** The series from the runs themselves: dead letters count as invalid (no stage split). */
