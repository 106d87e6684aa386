import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { editableSection, renderRunbookHtml, renderRunbookMd } from '../plan/render-runbook.js';
import { runbookSections } from '../plan/runbook-sections.js';
import type { Spec } from '../spec/schema.js';

/**
 * A flow's runbook page in Markdown or HTML, from the same generator as `syncline runbook`,
 * with the team's notes kept in runbooks/FLOW.md (or .html).
 */
export async function flowRunbook(
  spec: Spec,
  baseDir: string,
  flow: string,
  format: 'md' | 'html',
): Promise<string> {
  const written = path.join(baseDir, 'runbooks', `${flow}.${format}`);
  const kept = editableSection(await readFile(written, 'utf8').catch(() => undefined));
  const sections = runbookSections(spec, flow);
  return format === 'html' ? renderRunbookHtml(flow, sections, kept) : renderRunbookMd(flow, sections, kept);
}

/**
 * The project's runbook: every flow's runbook, one after the other, as Markdown and as one
 * HTML page (the flow pages' bodies under the first page's head).
 */
export async function projectRunbook(
  spec: Spec,
  baseDir: string,
): Promise<{ readonly markdown: string; readonly html: string }> {
  const flows = Object.keys(spec.flows ?? {});
  const title = `# Runbook: ${spec.project.name}\n`;
  const markdown = await Promise.all(flows.map((flow) => flowRunbook(spec, baseDir, flow, 'md')));
  const pages = await Promise.all(flows.map((flow) => flowRunbook(spec, baseDir, flow, 'html')));
  const head = /^[\s\S]*?<body>/.exec(pages[0] ?? '')?.[0] ?? '<!doctype html><html lang="en"><body>';
  const bodies = pages.map((page) => /<body>([\s\S]*)<\/body>/.exec(page)?.[1] ?? '');
  return {
    markdown: [title, ...markdown].join('\n'),
    html: `${head}\n${bodies.join('\n<hr>\n')}\n</body></html>\n`,
  };
}
