import type { Landscape } from './landscape.js';

/** The landscape as a Mermaid flowchart: one subgraph per kind, manual systems dashed. */
export function renderMermaid(landscape: Landscape): string {
  const id = (name: string) => `s_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const text = (value: string) => value.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const group of landscape.groups) {
    lines.push(
      `  subgraph k_${id(group.kind)}["${text(group.kind === 'manual' ? 'manual (not connected)' : group.kind)}"]`,
    );
    for (const system of group.systems) {
      const label = system.title ? `${system.name}<br/><small>${text(system.title)}</small>` : system.name;
      lines.push(`    ${id(system.name)}["${text(label)}"]`);
    }
    lines.push('  end');
  }
  for (const flow of landscape.flows) {
    const arrow = flow.enabled ? '-->' : '-.->';
    lines.push(`  ${id(flow.from)} ${arrow}|"${text(flow.label)}"| ${id(flow.to)}`);
  }
  const manual = landscape.groups.flatMap((g) =>
    g.systems.filter((s) => !s.connected).map((s) => id(s.name)),
  );
  if (manual.length > 0) {
    lines.push('  classDef unconnected stroke-dasharray: 5 5,fill:#f8f8f8,color:#555');
    lines.push(`  class ${manual.join(',')} unconnected`);
  }
  return `${lines.join('\n')}\n`;
}
