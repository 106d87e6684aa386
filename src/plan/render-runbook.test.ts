import { describe, expect, it } from 'vitest';
import {
  editableEnd,
  editableSection,
  editableStart,
  renderRunbookHtml,
  renderRunbookMd,
} from './render-runbook.js';

const sections = [
  {
    title: 'Health',
    lines: ['Look first.', '$ syncline status', '$ syncline dead-letters list', 'Then decide.'],
  },
];

describe('runbook rendering', () => {
  it('writes commands as fenced shell blocks between list items', () => {
    const md = renderRunbookMd('f', sections);
    expect(md).toContain(
      '- Look first.\n\n```sh\nsyncline status\nsyncline dead-letters list\n```\n\n- Then decide.',
    );
  });

  it('keeps the editable section as it was written, in both formats', () => {
    const kept = '\nCall Dana <dana@example.com> first.\n';
    for (const page of [renderRunbookMd('f', sections, kept), renderRunbookHtml('f', sections, kept)]) {
      expect(editableSection(page)).toBe(kept);
      expect(page).toContain(`${editableStart}${kept}${editableEnd}`);
    }
    expect(editableSection('no markers here')).toBeUndefined();
    expect(editableSection(undefined)).toBeUndefined();
  });

  it('escapes text in HTML', () => {
    const html = renderRunbookHtml('<f>', [{ title: 'a & b', lines: ['x < y', '$ run "it"'] }]);
    expect(html).toContain('<h2>a &amp; b</h2>');
    expect(html).toContain('<li>x &lt; y</li><li><code>run &quot;it&quot;</code></li>');
    expect(html).toContain('<title>Runbook: &lt;f&gt;</title>');
  });
});

describe('runbook anchors', () => {
  it('gives alert sections the anchor their notifications link to, in both formats', () => {
    const alert = [{ title: 'Alert: silence', anchor: 'alert-silence', lines: ['No records moved.'] }];
    expect(renderRunbookMd('f', alert)).toContain('<a id="alert-silence"></a>\n\n## Alert: silence');
    expect(renderRunbookHtml('f', alert)).toContain('<h2 id="alert-silence">Alert: silence</h2>');
  });
});
