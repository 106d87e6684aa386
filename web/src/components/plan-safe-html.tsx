import { createElement, type ReactNode } from 'react';

/** Tags kept (mapped: the runbook's headings sit one level below the page's own h1). */
const kept: Readonly<Record<string, string>> = {
  h1: 'h2',
  h2: 'h3',
  h3: 'h4',
  h4: 'h5',
  p: 'p',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
  code: 'code',
  pre: 'pre',
  em: 'em',
  i: 'em',
  strong: 'strong',
  b: 'strong',
  a: 'a',
  hr: 'hr',
  br: 'br',
  blockquote: 'blockquote',
  table: 'table',
  thead: 'thead',
  tbody: 'tbody',
  tr: 'tr',
  th: 'th',
  td: 'td',
  div: 'div',
  span: 'span',
};
/** Dropped with everything inside them. */
const dropped = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'template',
  'meta',
  'link',
  'base',
  'head',
  'title',
  'form',
  'svg',
  'math',
]);
const voidTags = new Set(['hr', 'br']);

export interface SafeHtmlOptions {
  /** Turns an id (or a #fragment link) of the document into one unique on the dashboard page. */
  readonly idOf?: (id: string, context: { readonly section: string | undefined }) => string;
  /** Called for each h1 (a runbook's "Runbook: FLOW"): its text names the section that follows. */
  readonly sectionOf?: (heading: string) => string | undefined;
}

/**
 * HTML from the server (the generated runbook, which may carry the team's own notes) as React
 * elements, never put into the page as HTML: it is parsed inert, only the tags above survive,
 * the only attributes kept are ids and http(s)/mailto/relative links, and scripts, styles and
 * event handlers are gone.
 * See docs/decisions/0045-server-html-rendered-through-an-allow-list.md.
 */
export function safeHtml(
  html: string,
  options: SafeHtmlOptions = {},
): { readonly nodes: ReactNode[]; readonly sections: string[] } {
  // A <template>'s content is inert: nothing in it loads, runs or fires while it is walked.
  const template = document.createElement('template');
  template.innerHTML = html;
  let section: string | undefined;
  const sections: string[] = [];
  let key = 0;
  const idOf = (id: string) => (options.idOf ? options.idOf(id, { section }) : id);

  const convert = (node: Node): ReactNode => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    if (dropped.has(tag)) return null;
    if (tag === 'h1') {
      const named = options.sectionOf?.(element.textContent ?? '');
      if (named !== undefined) {
        section = named;
        sections.push(named);
      }
    }
    const children = () => Array.from(element.childNodes, convert);
    const to = kept[tag];
    if (to === undefined) return createElement('span', { key: key++ }, ...children());
    const props: Record<string, string | number> = { key: key++ };
    const id = element.getAttribute('id');
    if (id) props.id = idOf(id);
    else if (tag === 'h1' && section !== undefined) props.id = idOf('');
    if (tag === 'a') {
      const href = safeHref(element.getAttribute('href'));
      if (href !== undefined) props.href = href.startsWith('#') ? `#${idOf(href.slice(1))}` : href;
      if (href !== undefined && /^https?:/i.test(href)) props.rel = 'noopener noreferrer';
    }
    return voidTags.has(to) ? createElement(to, props) : createElement(to, props, ...children());
  };

  const nodes = Array.from(template.content.childNodes, convert);
  return { nodes, sections };
}

/** Links that go somewhere harmless: a fragment, a relative path, http(s) or mailto. */
function safeHref(href: string | null): string | undefined {
  if (href === null) return undefined;
  const trimmed = href.trim();
  if (trimmed.startsWith('#') || trimmed.startsWith('/') || /^(https?|mailto):/i.test(trimmed))
    return trimmed;
  return /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? undefined : trimmed;
}
