import type { FastifyInstance } from 'fastify';

/**
 * A minimal page at / listing the flows from /api/flows, until the dashboard is built.
 * Plain HTML and a few lines of script: no framework, nothing to build.
 */
export function homePage(app: FastifyInstance, title: string): void {
  app.get('/', { config: { role: 'viewer' } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page(title)),
  );
}

function page(title: string): string {
  const safeTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeTitle} — syncline</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd}
.green{color:#17803d}.amber{color:#b26a00}.red{color:#c0262d}
</style></head>
<body><h1>${safeTitle}</h1>
<p><a href="/api/plan">readiness</a> · <a href="/api/plan/diagram.svg">landscape</a> · <a href="/metrics">metrics</a></p>
<table><thead><tr><th>flow</th><th>health</th><th>status</th><th>trigger</th><th>last run</th><th>records today</th><th>dead letters</th></tr></thead>
<tbody id="flows"><tr><td colspan="7">loading…</td></tr></tbody></table>
<script>
function cell(text, cls){var td=document.createElement('td');td.textContent=text;if(cls)td.className=cls;return td}
function load(){fetch('/api/flows').then(function(r){return r.json()}).then(function(data){
  var body=document.getElementById('flows');body.replaceChildren();
  data.flows.forEach(function(f){var tr=document.createElement('tr');
    tr.append(cell(f.flow),cell('● '+f.health,f.health),cell(f.status),cell(f.trigger),
      cell(f.lastRun?f.lastRun.startedAt:'—'),cell(String(f.recordsToday)),cell(String(f.deadLetterBacklog)));
    body.append(tr)})})}
load();var events=new EventSource('/api/events');
['run-finished','dead-letters-changed'].forEach(function(t){events.addEventListener(t,load)});
</script></body></html>
`;
}
