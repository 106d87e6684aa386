import type { ReportModel } from './report-model.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (headers: readonly string[], rows: readonly (readonly string[])[]) =>
  [
    `| ${headers.map(cell).join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');

/** The readiness report as Markdown; the landscape is linked as a Mermaid block. */
export function renderReportMd(model: ReportModel, mermaid: string): string {
  const { plan } = model;
  const risks = plan.findings.map((f) => [f.code, f.severity, `${f.file}:${f.line}`, f.message, f.hint]);
  return [
    `# ${model.project.name} — integration readiness`,
    '',
    `${model.project.description ?? ''}`,
    '',
    `Owner: ${model.project.owner ?? '—'} · generated ${model.generatedAt} · ${plan.errors} errors, ${plan.warnings} warnings`,
    '',
    '## Readiness by step',
    '',
    table(
      ['step', 'ready', 'missing'],
      plan.readiness.map((r) => [`${r.step} ${r.name}`, `${r.percent}%`, r.missing.join('; ') || '—']),
    ),
    '',
    '## Landscape',
    '',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
    '',
    '## Inventory',
    '',
    table(['system', 'title', 'kind', 'owner', 'API', 'auth', 'volume'], model.systems),
    '',
    '## Ownership matrix',
    '',
    model.ownership.rows.length === 0
      ? 'No entities declared.'
      : table(
          ['entity', 'field', ...model.ownership.systems],
          model.ownership.rows.map((r) => [r.entity, r.field, ...r.cells]),
        ),
    '',
    '## Mapping summary',
    '',
    table(['flow', 'path', 'entity', 'frequency', 'volume', 'mapping', 'history'], model.mappings),
    '',
    '## Open risks',
    '',
    risks.length === 0 ? 'None.' : table(['code', 'severity', 'where', 'finding', 'fix'], risks),
    '',
    '## Profiling highlights',
    '',
    model.highlights.length === 0
      ? 'No profiles stored (run syncline profile SYSTEM.TABLE).'
      : model.highlights.map((h) => `- ${h}`).join('\n'),
    '',
  ].join('\n');
}
