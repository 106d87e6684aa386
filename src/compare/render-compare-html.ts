import { escapeXml as esc } from '../plan/escape-xml.js';
import type { CompareDifference, CompareOutcome } from './compare-result.js';
import { keyLabel, valueText } from './difference-text.js';

const style = `
body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f5f6f8}
main{max-width:1180px;margin:0 auto;padding:28px 32px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:30px 0 10px;border-bottom:2px solid #e4e7ec;padding-bottom:4px}
.meta{color:#666;font-size:13px;margin:4px 0}
.verdict{display:inline-block;padding:6px 12px;border-radius:6px;font-weight:bold;margin:10px 0}
.verdict.clean{background:#e6f4ea;color:#1e6b2a}.verdict.unclean{background:#fdecea;color:#a11b1b}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:12px}
.card{border:1px solid #e4e7ec;border-radius:8px;padding:10px 12px}
.card .n{font-size:26px;font-weight:bold}.card .label{font-size:12px;color:#555}
.card.matched .n{color:#2e7d32}.card.differs .n,.card.extra .n,.card.missing .n{color:#c62828}.card.rejected .n{color:#b26a00}
.card.zero .n{color:#999}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #e4e7ec;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
table.counts{width:auto;min-width:60%}table.counts td:first-child{width:220px}td.bar{width:360px}td.key{white-space:nowrap}td.bar span{display:block;height:10px;background:#e0837b;border-radius:3px}
code.v{font-family:Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:1px 3px;border-radius:3px}
td.fresh code.v{background:#e8f5e9}td.base code.v{background:#fdecea}
.kind{font-size:11px;font-weight:bold;text-transform:uppercase;letter-spacing:.03em}
.kind.differs{color:#a11b1b}.kind.missing{color:#1c5fa8}.kind.extra{color:#8a4b00}
.note{font-size:12px;color:#666}
`;

const cell = (value: unknown, side: 'fresh' | 'base') =>
  `<td class="${side}">${value === undefined ? '' : `<code class="v">${esc(valueText(value))}</code>`}</td>`;

function differenceRows(difference: CompareDifference): string {
  const key = esc(keyLabel(difference.key));
  const kind = `<span class="kind ${difference.kind}">${difference.kind}</span>`;
  if (difference.kind !== 'differs') {
    const label = difference.kind === 'missing' ? 'not in the baseline' : 'not in the new output';
    const fresh = difference.kind === 'missing' ? difference.row : undefined;
    const base = difference.kind === 'extra' ? difference.row : undefined;
    return `<tr><td class="key">${key}</td><td>${kind}</td><td class="note">${label}</td>${cell(fresh, 'fresh')}${cell(base, 'base')}</tr>`;
  }
  return difference.fields
    .map(
      (field) =>
        `<tr><td class="key">${key}</td><td>${kind}</td><td>${esc(field.field)}</td>${cell(field.fresh, 'fresh')}${cell(field.baseline, 'base')}</tr>`,
    )
    .join('');
}

/**
 * The compare as one self-contained HTML page (inline CSS, no scripts, no external assets):
 * the verdict, counts, differences per field, and the difference table with both values.
 */
export function renderCompareHtml(outcome: CompareOutcome, id: string): string {
  const { summary: s, differences, rejects } = outcome;
  const shown = differences.length;
  const total = s.differing + s.missing + s.extra;
  const card = (label: string, n: number, kind: string) =>
    `<div class="card ${kind}${n === 0 ? ' zero' : ''}"><div class="n">${n}</div><div class="label">${label}</div></div>`;
  const fieldCounts = Object.entries(s.fieldDifferences).sort(([, a], [, b]) => b - a);
  const most = fieldCounts[0]?.[1] ?? 1;
  const tolerances = Object.entries(s.tolerances);
  const notCompared = [
    ...s.onlyInOutput.map((f) => `${f} (only in the new output)`),
    ...s.onlyInBaseline.map((f) => `${f} (only in the baseline)`),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compare ${esc(s.flow)} against ${esc(s.baseline)}</title>
<style>${style}</style></head>
<body><main>
<h1>Parallel run: ${esc(s.flow)} against ${esc(s.baseline)}</h1>
<p class="meta">${esc(id)} · ${esc(s.startedAt)} · matched by ${esc(s.key.join(', '))} · ${s.read} source records read, ${s.output} in the new output, ${s.baselineRows} baseline rows</p>
<div class="verdict ${s.clean ? 'clean' : 'unclean'}">${s.clean ? 'Clean: the new flow matches the old process within tolerance' : `${total} record${total === 1 ? '' : 's'} differ from the old process`}</div>
<div class="cards">${card('matched', s.matched, 'matched')}${card('differing', s.differing, 'differs')}${card('missing from the baseline', s.missing, 'missing')}${card('extra in the baseline', s.extra, 'extra')}${card('rejected by the new flow', s.rejected, 'rejected')}${card('duplicate keys', s.duplicates.output + s.duplicates.baseline, s.duplicates.output + s.duplicates.baseline > 0 ? 'differs' : 'matched')}</div>
<h2>Differences per field</h2>
${
  fieldCounts.length === 0
    ? '<p>No field differs.</p>'
    : `<table class="counts"><thead><tr><th>field</th><th>records</th><th></th></tr></thead><tbody>${fieldCounts
        .map(
          ([field, n]) =>
            `<tr><td>${esc(field)}</td><td class="num">${n}</td><td class="bar"><span style="width:${Math.max(2, Math.round((n / most) * 100))}%"></span></td></tr>`,
        )
        .join('')}</tbody></table>`
}
<h2>Differences</h2>
${
  total === 0
    ? '<p>None.</p>'
    : `${shown < total ? `<p class="note">The first ${shown} of ${total} records; differences.csv beside this page lists them all.</p>` : ''}<table><thead><tr><th>key</th><th>kind</th><th>field</th><th>new value</th><th>baseline value</th></tr></thead><tbody>${differences.map(differenceRows).join('')}</tbody></table>`
}
<h2>Rejected by the new flow</h2>
${
  s.rejected === 0
    ? '<p>None.</p>'
    : `<p class="note">These source records would be dead letters, not written${rejects.length < s.rejected ? ` (the first ${rejects.length} of ${s.rejected})` : ''}.</p><table><thead><tr><th>source key</th><th>stage</th><th>code</th><th>reason</th></tr></thead><tbody>${rejects
        .map(
          (r) =>
            `<tr><td>${esc(keyLabel(r.key))}</td><td>${esc(r.stage)}</td><td>${esc(r.code)}</td><td>${esc(r.message)}</td></tr>`,
        )
        .join('')}</tbody></table>`
}
<h2>Tolerances and fields not compared</h2>
${tolerances.length === 0 ? '<p>Every field compared exactly.</p>' : `<table><thead><tr><th>field</th><th>tolerance</th></tr></thead><tbody>${tolerances.map(([f, t]) => `<tr><td>${esc(f)}</td><td>${esc(t)}</td></tr>`).join('')}</tbody></table>`}
${notCompared.length === 0 ? '' : `<p class="note">Not compared: ${esc(notCompared.join(', '))}.</p>`}
${s.baselineWithoutKey > 0 ? `<p class="note">${s.baselineWithoutKey} baseline rows have an empty key and were not compared.</p>` : ''}
</main></body></html>
`;
}
