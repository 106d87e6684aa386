import { escapeXml as esc } from './escape-xml.js';
import type { ReportModel } from './report-model.js';

const table = (headers: readonly string[], rows: readonly (readonly string[])[], className = '') =>
  `<table${className ? ` class="${className}"` : ''}><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (row) =>
        `<tr>${row.map((c) => `<td${c === '' || c === '—' ? ' class="none"' : ''}>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;

const style = `
body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f5f6f8}
main{max-width:1180px;margin:0 auto;padding:28px 32px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;border-bottom:2px solid #e4e7ec;padding-bottom:4px}
.meta{color:#666;font-size:13px}
.steps{display:grid;grid-template-columns:repeat(5,1fr);gap:12px}
.step{border:1px solid #e4e7ec;border-radius:8px;padding:12px}
.step .name{font-size:13px;color:#555}.step .pct{font-size:28px;font-weight:bold;margin:4px 0}
.bar{height:8px;background:#eceff3;border-radius:4px;overflow:hidden}.bar span{display:block;height:100%}
.good{color:#2e7d32}.good .bar span,.bar .good{background:#2e7d32}.mid{color:#b26a00}.bad{color:#c62828}
.step ul{margin:8px 0 0;padding-left:16px;font-size:11px;color:#555}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #e4e7ec;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.none{color:#aaa}
.sev-error{color:#c62828;font-weight:bold}.sev-warning{color:#b26a00}
.landscape{overflow-x:auto;border:1px solid #e4e7ec;border-radius:8px;padding:8px}
ul.highlights{font-size:13px}
`;

const tone = (percent: number) => (percent === 100 ? 'good' : percent >= 50 ? 'mid' : 'bad');
const colors = { good: '#2e7d32', mid: '#e09b00', bad: '#c62828' } as const;

/** The readiness report as one self-contained HTML page (inline CSS and SVG, no scripts). */
export function renderReportHtml(model: ReportModel, svg: string): string {
  const { plan } = model;
  const steps = plan.readiness
    .map((r) => {
      const t = tone(r.percent);
      const missing = r.missing
        .slice(0, 4)
        .map((m) => `<li>${esc(m)}</li>`)
        .join('');
      const more = r.missing.length > 4 ? `<li>and ${r.missing.length - 4} more</li>` : '';
      return `<div class="step"><div class="name">${r.step} ${esc(r.name)}</div><div class="pct ${t}">${r.percent}%</div><div class="bar"><span style="width:${r.percent}%;background:${colors[t]}"></span></div>${missing || more ? `<ul>${missing}${more}</ul>` : ''}</div>`;
    })
    .join('');
  const risks = plan.findings.map(
    (f) =>
      `<tr><td>${esc(f.code)}</td><td class="sev-${f.severity}">${f.severity}</td><td>${esc(`${f.file}:${f.line}`)}</td><td>${esc(f.message)}</td><td>${esc(f.hint)}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(model.project.name)} — integration readiness</title>
<style>${style}</style></head>
<body><main>
<h1>${esc(model.project.name)} — integration readiness</h1>
<p class="meta">${esc(model.project.description ?? '')}</p>
<p class="meta">Owner: ${esc(model.project.owner ?? '—')} · generated ${esc(model.generatedAt)} · <span class="sev-error">${plan.errors} errors</span>, <span class="sev-warning">${plan.warnings} warnings</span></p>
<h2>Readiness by step</h2>
<div class="steps">${steps}</div>
<h2>Landscape</h2>
<div class="landscape">${svg.replace(/^<\?xml[^>]*>/, '')}</div>
<h2>Inventory</h2>
${table(['system', 'title', 'kind', 'owner', 'API', 'auth', 'volume'], model.systems)}
<h2>Ownership matrix</h2>
${
  model.ownership.rows.length === 0
    ? '<p>No entities declared.</p>'
    : table(
        ['entity', 'field', ...model.ownership.systems],
        model.ownership.rows.map((r) => [r.entity, r.field, ...r.cells]),
      )
}
<h2>Mapping summary</h2>
${table(['flow', 'path', 'entity', 'frequency', 'volume', 'mapping', 'history'], model.mappings)}
<h2>Open risks</h2>
${risks.length === 0 ? '<p>None.</p>' : `<table><thead><tr><th>code</th><th>severity</th><th>where</th><th>finding</th><th>fix</th></tr></thead><tbody>${risks.join('')}</tbody></table>`}
<h2>Profiling highlights</h2>
${model.highlights.length === 0 ? '<p>No profiles stored (run <code>syncline profile SYSTEM.TABLE</code>).</p>' : `<ul class="highlights">${model.highlights.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>`}
</main></body></html>
`;
}
