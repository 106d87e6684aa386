import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyConnectorDefinition } from '../core/connector.js';
import { connectors, findConnector } from './registry.js';
import {
  referenceStart,
  renderConnectorReference,
  withConnectorReference,
} from './render-connector-reference.js';

// docs/connectors/<kind>.md embeds each connector's generated reference; it must never go stale.
// After changing a connector's schemas, regenerate with:
// UPDATE_DOCS=1 npx vitest run src/connectors/render-connector-reference.test.ts
const docs = new URL('../../docs/', import.meta.url);

describe('renderConnectorReference', () => {
  for (const connector of connectors) {
    it(`is what docs/connectors/${connector.kind}.md shows`, () => {
      const page = new URL(`connectors/${connector.kind}.md`, docs);
      const text = readFileSync(page, 'utf8');
      const current = withConnectorReference(text, connector);
      if (process.env.UPDATE_DOCS) writeFileSync(page, current);
      expect(
        readFileSync(page, 'utf8'),
        `regenerate: UPDATE_DOCS=1 npx vitest run ${import.meta.filename}`,
      ).toBe(current);
      expect(text).toContain(referenceStart);
    });
  }

  it('is linked from docs/connectors.md for every kind', () => {
    const overview = readFileSync(new URL('connectors.md', docs), 'utf8');
    for (const connector of connectors) expect(overview).toContain(`(connectors/${connector.kind}.md)`);
  });

  it('tables every key with its type, presence and meaning, including tagged variants', () => {
    const http = renderConnectorReference(connector('http'));
    expect(http).toContain('### `connection:` of a `http` system');
    expect(http).toContain('| `baseUrl` | text | required |');
    expect(http).toContain('### `connection.auth (type: oauth2)`');
    expect(http).toContain('### `from:` (reading)');
    expect(http).toContain('| writes (`to:`) | modes `insert`, `upsert`, `update`, `delete` |');
    const postgres = renderConnectorReference(connector('postgres'));
    expect(postgres).toContain('| `port` | whole number (1–65535) | default 5432 |');
    const webhook = renderConnectorReference(connector('webhook'));
    expect(webhook).toContain('| writes (`to:`) | no |');
  });

  it('replaces only what lies between the markers', () => {
    const sqlite = connector('sqlite');
    const page = withConnectorReference('# sqlite\n\nHand-written prose.\n', sqlite);
    const again = withConnectorReference(page.replace('| `path` |', '| `stale` |'), sqlite);
    expect(again).toBe(page);
    expect(page.startsWith('# sqlite\n\nHand-written prose.\n')).toBe(true);
  });
});

function connector(kind: string): AnyConnectorDefinition {
  const found = findConnector(kind);
  if (!found) throw new Error(`no connector ${kind}`);
  return found;
}
