import { escapeXml as esc } from '../plan/escape-xml.js';
import { day, flowRows, flowVerdict, percent, scheduleLine } from './review-facts.js';
import type { ReviewModel } from './review-model.js';

const style = `body{font-family:Helvetica,Arial,sans-serif;max-width:980px;margin:24px auto;padding:0 24px;color:#1f2933}
h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #e4e7ec;padding-bottom:4px;margin-top:28px}
.meta{color:#52606d}.schedule{background:#f0f4f8;border-radius:6px;padding:10px 14px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top}
th{background:#f7f9fb;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.green{background:#2f9e44}.amber{background:#f08c00}.red{background:#e03131}
.bar{background:#e4e7ec;border-radius:3px;height:8px;width:120px;display:inline-block;vertical-align:middle;margin-left:6px}
.bar span{display:block;height:8px;border-radius:3px;background:#2f9e44}
tbody td:first-child{white-space:nowrap}
.detail th{width:32%;background:none;font-weight:normal;color:#52606d}`;

/** The integration health review as one self-contained HTML page (no scripts, no external files). */
export function renderReviewHtml(model: ReviewModel): string {
  const overview = model.flows
    .map((f) => {
      const verdict = flowVerdict(f);
      const alerts = Object.values(f.alerts).reduce((a, b) => a + b, 0);
      const width = Math.round((f.successRate ?? 0) * 100);
      return `<tr><td><a href="#flow-${esc(f.flow)}">${esc(f.flow)}</a></td><td><span class="dot ${verdict.level}"></span>${esc(verdict.reason)}</td><td class="n">${f.runs}</td><td class="n">${percent(f.successRate)}<span class="bar"><span style="width:${width}%"></span></span></td><td class="n">${f.readPerDay}</td><td class="n">${f.deadLettersOpenNow}</td><td class="n">${alerts}</td></tr>`;
    })
    .join('\n');
  const details = model.flows
    .map(
      (f) => `<h2 id="flow-${esc(f.flow)}">${esc(f.flow)}</h2>
${f.description ? `<p>${esc(f.description)}</p>` : ''}
<table class="detail">${flowRows(f)
        .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
        .join('')}</table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Integration health review: ${esc(model.project)}</title>
<style>${style}</style>
</head><body>
<h1>Integration health review: ${esc(model.project)}</h1>
<p class="meta">Period ${esc(model.period.label)}: ${day(model.period.from)} to ${day(model.period.to)} (end exclusive) · generated ${esc(model.generatedAt.replace('T', ' ').slice(0, 16))} UTC${model.owner ? ` · owner ${esc(model.owner)}` : ''}</p>
<p class="schedule">${esc(scheduleLine(model))}</p>
<h2>Flows at a glance</h2>
<table><thead><tr><th>flow</th><th>verdict</th><th>runs</th><th>success</th><th>read/day</th><th>open dead letters</th><th>alerts</th></tr></thead>
<tbody>
${overview}
</tbody></table>
${details}
<h2>Readiness</h2>
<p>${esc(model.readiness)}</p>
</body></html>
`;
}
