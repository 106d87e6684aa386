import { day, flowRows, flowVerdict, scheduleLine } from './review-facts.js';
import type { ReviewModel } from './review-model.js';

/** The integration health review as Markdown, for a wiki or a pull request. */
export function renderReviewMd(model: ReviewModel): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    `# Integration health review: ${model.project}`,
    '',
    `Period: ${model.period.label} (${day(model.period.from)} to ${day(model.period.to)}, end exclusive). Generated ${model.generatedAt.replace('T', ' ').slice(0, 16)} UTC by syncline review${model.owner ? `; owner ${model.owner}` : ''}.`,
    '',
    scheduleLine(model),
    '',
    '| flow | verdict | runs | success | read/day | dead letters open | alerts |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...model.flows.map((f) => {
      const verdict = flowVerdict(f);
      const alerts = Object.values(f.alerts).reduce((a, b) => a + b, 0);
      return `| ${cell(f.flow)} | ${verdict.level}: ${verdict.reason} | ${f.runs} | ${f.successRate === undefined ? '–' : `${(f.successRate * 100).toFixed(1)}%`} | ${f.readPerDay} | ${f.deadLettersOpenNow} | ${alerts} |`;
    }),
    '',
  ];
  for (const f of model.flows) {
    lines.push(`## ${f.flow}`, '', ...(f.description ? [f.description, ''] : []), '| | |', '|---|---|');
    lines.push(...flowRows(f).map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '');
  }
  lines.push('## Readiness', '', model.readiness, '');
  return lines.join('\n');
}
