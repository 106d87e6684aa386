import { describe, expect, it } from 'vitest';
import { type Spec, specSchema } from '../spec/schema.js';
import { landscapeOf } from './landscape.js';
import { fastestRate } from './plan-evidence.js';
import { renderMermaid } from './render-mermaid.js';
import { renderSvg } from './render-svg.js';

const spec: Spec = specSchema.parse({
  version: 1,
  project: { name: 'p' },
  systems: {
    board: { kind: 'manual', title: 'Board <pack>' },
    erp: { kind: 'sqlite', owner: 'it' },
    crm: { kind: 'postgres' },
    out: { kind: 'files' },
  },
  flows: {
    a: {
      entity: 'customer',
      from: { system: 'crm' },
      to: { system: 'erp' },
      trigger: { schedule: '0 * * * *' },
      volume: { perDay: 20000 },
    },
    b: { from: { system: 'erp' }, to: { system: 'out' }, trigger: { webhook: '/b' }, enabled: false },
  },
});

describe('landscapeOf', () => {
  it('groups systems by kind, sources first and manual systems last, and labels flows', () => {
    const landscape = landscapeOf(spec);
    expect(landscape.groups.map((g) => [g.kind, g.systems.map((s) => s.name)])).toEqual([
      ['postgres', ['crm']],
      ['sqlite', ['erp']],
      ['files', ['out']],
      ['manual', ['board']],
    ]);
    expect(landscape.flows.map((f) => [f.name, f.label, f.enabled])).toEqual([
      ['a', 'customer · every 1 h · 20k/day', true],
      ['b', 'b · real time (webhook)', false],
    ]);
  });

  it('draws Mermaid subgraphs, dashed disabled flows and dashed unconnected systems', () => {
    const mermaid = renderMermaid(landscapeOf(spec));
    expect(mermaid).toContain('subgraph k_s_manual["manual (not connected)"]');
    expect(mermaid).toContain('s_crm -->|"customer · every 1 h · 20k/day"| s_erp');
    expect(mermaid).toContain('s_erp -.->|"b · real time (webhook)"| s_out');
    expect(mermaid).toContain('class s_board unconnected');
  });

  it('draws an SVG with escaped text, a dashed box per unconnected system and a path per flow', () => {
    const svg = renderSvg(landscapeOf(spec), 'A & B');
    expect(svg).toContain('>A &amp; B</text>');
    expect(svg).toContain('Board &lt;pack&gt;');
    expect(svg.match(/<g class="system">/g)).toHaveLength(4);
    expect(
      svg.match(/<g class="system"><title>board \(manual\)<\/title><rect [^>]*stroke-dasharray/g),
    ).toHaveLength(1);
    expect(svg.match(/<path d="M[\d.]+,[\d.]+ C/g)).toHaveLength(2);
  });
});

describe('fastestRate', () => {
  it('is the records per hour of the fastest successful run of at least 100 records', () => {
    const run = (status: string, read: number, seconds: number) => ({
      status,
      read,
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + seconds * 1000).toISOString(),
    });
    expect(
      fastestRate([
        run('succeeded', 1000, 36),
        run('succeeded', 500, 36),
        run('failed', 9000, 1),
        run('succeeded', 50, 1),
      ]),
    ).toBe(100_000);
    expect(fastestRate([run('succeeded', 10, 1)])).toBeUndefined();
  });
});
