import { escapeXml } from './escape-xml.js';
import type { Landscape, LandscapeSystem } from './landscape.js';

/**
 * The landscape as a self-contained SVG: one column per system kind (sources left, manual
 * systems last), systems as boxes, flows as curved arrows labelled with entity, frequency and
 * volume. Hand-written layout: no layout engine, predictable output.
 */

const box = { width: 200, height: 64, gap: 36 };
const group = { pad: 16, title: 28 };
const margin = 24;
const charWidth = 6.4; // 11px sans-serif, roughly
const loopBend = 90;
/** How far a curve between two boxes of one column reaches out of the column (a cubic's apex). */
const loopReach = loopBend * 0.75;
const labelWidth = (label: string) => Math.ceil(label.length * charWidth) + 12;
const palette = ['#2f6fb0', '#2e8b57', '#b8651b', '#7b4fa8', '#b03a5b', '#3c8d93'];

interface Placed extends LandscapeSystem {
  readonly x: number;
  readonly y: number;
  readonly column: number;
  readonly color: string;
}

export function renderSvg(landscape: Landscape, title = 'Systems and flows'): string {
  const groupWidth = box.width + 2 * group.pad;
  const top = margin + 36;
  const columnOf = new Map(landscape.groups.flatMap((g, c) => g.systems.map((s) => [s.name, c] as const)));
  const col = (name: string) => columnOf.get(name) ?? 0;
  // Each gap is as wide as the widest label drawn in it: cross-column labels, and the labels of
  // curves within a column (drawn right of that column, or left of the first one).
  const gaps = landscape.groups.slice(1).map((_, c) =>
    Math.max(
      110,
      ...landscape.flows.map((f) => {
        const [low, high] = [Math.min(col(f.from), col(f.to)), Math.max(col(f.from), col(f.to))];
        if (low === high) return low === c && c > 0 ? loopReach + labelWidth(f.label) + 16 : 0;
        return low <= c && high > c ? labelWidth(f.label) + 48 : 0;
      }),
    ),
  );
  const firstLoops = landscape.flows.filter((f) => f.from !== f.to && col(f.from) === 0 && col(f.to) === 0);
  const leftPad =
    firstLoops.length === 0 ? 0 : loopReach + Math.max(...firstLoops.map((f) => labelWidth(f.label))) + 8;
  const columnX = (c: number) =>
    margin + leftPad + c * groupWidth + gaps.slice(0, c).reduce((sum, gap) => sum + gap, 0);
  const placed = new Map<string, Placed>();
  const groups = landscape.groups.map((g, column) => {
    const x = columnX(column);
    const color = g.kind === 'manual' ? '#777777' : (palette[column % palette.length] ?? '#2f6fb0');
    g.systems.forEach((system, row) => {
      const y = top + group.title + group.pad + row * (box.height + box.gap);
      placed.set(system.name, { ...system, x: x + group.pad, y, column, color });
    });
    const height = group.title + 2 * group.pad + g.systems.length * (box.height + box.gap) - box.gap;
    return { ...g, x, height, color };
  });
  const height = top + Math.max(0, ...groups.map((g) => g.height)) + margin + 40;
  const width = columnX(groups.length - 1) + groupWidth + margin;

  const edges = layoutEdges(landscape, placed);
  const labels: { x: number; y: number; w: number; h: number }[] = [];
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="max-width:100%;height:auto" font-family="Helvetica, Arial, sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin}" y="${margin + 14}" font-size="16" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
  );
  for (const g of groups) {
    const label = g.kind === 'manual' ? 'manual — not connected' : g.kind;
    parts.push(
      `<rect x="${g.x}" y="${top}" width="${groupWidth}" height="${g.height}" rx="10" fill="${g.color}" fill-opacity="0.06" stroke="${g.color}" stroke-opacity="0.5"${g.kind === 'manual' ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${g.x + group.pad}" y="${top + 19}" font-size="12" font-weight="bold" fill="${g.color}" letter-spacing="0.5">${escapeXml(label.toUpperCase())}</text>`,
    );
  }
  for (const edge of edges) {
    parts.push(
      `<path d="${edge.d}" fill="none" stroke="#444" stroke-width="1.5"${edge.enabled ? '' : ' stroke-dasharray="5 4"'} marker-end="url(#arrow)"><title>${escapeXml(edge.name)}</title></path>`,
    );
  }
  for (const system of placed.values()) parts.push(systemBox(system));
  for (const edge of edges) {
    const w = labelWidth(edge.label);
    const h = 18;
    let y = edge.labelY - h / 2;
    // A label of a curve within one column sits beside the column, clear of the boxes.
    const x = !edge.sameColumn
      ? edge.labelX - w / 2
      : edge.side === 'left'
        ? edge.labelX - 6 - w
        : edge.labelX + 6;
    while (labels.some((l) => x < l.x + l.w && l.x < x + w && y < l.y + l.h && l.y < y + h)) y += h + 2;
    labels.push({ x, y, w, h });
    parts.push(
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" fill="#ffffff" stroke="#cccccc"/>`,
      `<text class="flow-label" x="${x + w / 2}" y="${y + 13}" font-size="11" text-anchor="middle" fill="#333">${escapeXml(edge.label)}</text>`,
    );
  }
  const legendY = height - margin;
  parts.push(
    `<g font-size="11" fill="#555"><line x1="${margin}" y1="${legendY - 4}" x2="${margin + 30}" y2="${legendY - 4}" stroke="#444" stroke-width="1.5" marker-end="url(#arrow)"/>`,
    `<text x="${margin + 38}" y="${legendY}">flow (entity · frequency · volume)</text>`,
    `<line x1="${margin + 250}" y1="${legendY - 4}" x2="${margin + 280}" y2="${legendY - 4}" stroke="#444" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#arrow)"/>`,
    `<text x="${margin + 288}" y="${legendY}">disabled flow</text>`,
    `<rect x="${margin + 390}" y="${legendY - 11}" width="26" height="14" rx="3" fill="#f4f4f4" stroke="#777" stroke-dasharray="4 3"/>`,
    `<text x="${margin + 424}" y="${legendY}">system not connected</text></g>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

function systemBox(system: Placed): string {
  const dashed = system.connected ? '' : ' stroke-dasharray="6 4"';
  const fill = system.connected ? '#ffffff' : '#f4f4f4';
  const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const lines = [
    `<rect x="${system.x}" y="${system.y}" width="${box.width}" height="${box.height}" rx="6" fill="${fill}" stroke="${system.color}" stroke-width="1.5"${dashed}/>`,
    `<text x="${system.x + 10}" y="${system.y + 20}" font-size="13" font-weight="bold" fill="#222">${escapeXml(clip(system.name, 26))}</text>`,
  ];
  if (system.title)
    lines.push(
      `<text x="${system.x + 10}" y="${system.y + 37}" font-size="11" fill="#444">${escapeXml(clip(system.title, 32))}</text>`,
    );
  const owner = system.owner ? `owner: ${system.owner}` : 'no owner';
  lines.push(
    `<text x="${system.x + 10}" y="${system.y + 54}" font-size="10" fill="${system.owner ? '#777' : '#b03a3a'}">${escapeXml(clip(owner, 34))}</text>`,
  );
  return `<g class="system"><title>${escapeXml(`${system.name} (${system.kind})`)}</title>${lines.join('')}</g>`;
}

interface Edge {
  readonly name: string;
  readonly label: string;
  readonly enabled: boolean;
  readonly d: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly sameColumn: boolean;
  readonly side: 'left' | 'right';
}

/** Curves between box sides; several edges on one side get evenly spaced ports. */
function layoutEdges(landscape: Landscape, placed: ReadonlyMap<string, Placed>): Edge[] {
  const plans = landscape.flows.flatMap((flow) => {
    const from = placed.get(flow.from);
    const to = placed.get(flow.to);
    if (!from || !to) return [];
    // Within the first column, curves go out on the left, where nothing else arrives.
    const loopLeft = to.column === from.column && from.column === 0;
    const fromSide: 'left' | 'right' = to.column < from.column || loopLeft ? 'left' : 'right';
    const toSide: 'left' | 'right' = to.column > from.column || loopLeft ? 'left' : 'right';
    return [{ flow, from, to, fromSide, toSide }];
  });
  // Ports fill each side from the top in the order of the far ends, so curves do not cross there.
  plans.sort((p, q) => p.to.y - q.to.y || p.from.y - q.from.y);
  const ports = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const p of plans)
    for (const id of [`${p.from.name}:${p.fromSide}`, `${p.to.name}:${p.toSide}`])
      totals.set(id, (totals.get(id) ?? 0) + 1);
  const port = (system: Placed, side: 'left' | 'right') => {
    const id = `${system.name}:${side}`;
    const index = (ports.get(id) ?? 0) + 1;
    ports.set(id, index);
    const x = side === 'left' ? system.x : system.x + box.width;
    return { x, y: system.y + (box.height * index) / ((totals.get(id) ?? 1) + 1) };
  };
  return plans.map(({ flow, from, to, fromSide, toSide }) => {
    const a = port(from, fromSide);
    const b = port(to, toSide);
    const sameColumn = from.column === to.column;
    const bend = sameColumn ? loopBend : Math.max(40, Math.abs(b.x - a.x) / 2);
    const c1 = { x: a.x + (fromSide === 'right' ? bend : -bend), y: a.y };
    const c2 = { x: b.x + (toSide === 'right' ? bend : -bend), y: b.y };
    const mid = (p: number, q: number, r: number, s: number) => (p + 3 * q + 3 * r + s) / 8;
    return {
      name: flow.name,
      label: flow.label,
      enabled: flow.enabled,
      d: `M${a.x},${a.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${b.x},${b.y}`,
      labelX: mid(a.x, c1.x, c2.x, b.x),
      labelY: mid(a.y, c1.y, c2.y, b.y),
      sameColumn,
      side: fromSide,
    };
  });
}
