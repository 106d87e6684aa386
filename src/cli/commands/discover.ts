import path from 'node:path';
import type { Command } from 'commander';
import { connectors } from '../../connectors/registry.js';
import type { TableShape } from '../../core/table-shape.js';
import { discoverSystem, saveSnapshot } from '../../discovery/discover-system.js';
import { loadProject } from '../load-project.js';
import { createOutput, formatTable } from '../output.js';

export function discoverCommand(program: Command): void {
  program
    .command('discover')
    .description(
      "read a live system's catalog (tables, columns, keys, lengths), an http system's OpenAPI document, or sample rows of files (types, date formats) into discovery/SYSTEM.json",
    )
    .argument('<system>', 'a system declared in the spec')
    .option(
      '--table <name...>',
      'only these tables, files (a pattern like in/*.csv, a sheet like book.xlsx#Sheet) or API paths; the others in an earlier snapshot are kept',
    )
    .option('--json', 'print the snapshot as JSON')
    .action(async (system: string, options: { table?: string[]; json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      const tables = options.table ?? [];
      const snapshot = await discoverSystem({
        spec: project.spec,
        baseDir: project.baseDir,
        connectors,
        env: process.env,
        system,
        tables,
      });
      const file = await saveSnapshot(project.baseDir, snapshot, tables.length > 0);
      if (options.json) {
        out.json(snapshot);
        return;
      }
      for (const table of snapshot.tables) printTable(table, out);
      out.line(
        out.paint(
          'dim',
          `${snapshot.tables.length} table${snapshot.tables.length === 1 ? '' : 's'} of ${system} written to ${path.relative(process.cwd(), file) || file}`,
        ),
      );
    });
}

function printTable(table: TableShape, out: ReturnType<typeof createOutput>): void {
  const rows =
    table.sampled !== undefined
      ? `, types from ${table.rows === undefined ? `the first ${table.sampled}` : `all ${table.sampled}`} rows`
      : table.rows === undefined
        ? ''
        : `, ~${table.rows} rows`;
  const access = table.access === undefined ? '' : ` (${accessOf(table.access)})`;
  out.line(out.paint('bold', `${table.kind} ${table.name}${access}${rows}`));
  const key = new Set(table.primaryKey);
  out.line(
    formatTable(
      ['column', 'type', 'null', 'key', 'max length', 'charset'],
      table.columns.map((c) => [
        c.name,
        c.type,
        c.nullable ? 'yes' : c.hasDefault ? 'no (default)' : 'no',
        key.has(c.name) ? 'PK' : '',
        c.maxLength !== undefined ? String(c.maxLength) : c.longest !== undefined ? `${c.longest} seen` : '',
        c.charset ?? table.charset ?? '',
      ]),
    ),
  );
  for (const c of table.columns) {
    const formats = (c.formats ?? []).map((f) => `${f.format} ${Math.round(f.share * 100)}%`).join(', ');
    const ambiguous = c.ambiguousDates ? `; ${c.ambiguousDates} ambiguous` : '';
    if (formats !== '') out.line(`${c.name}: date formats ${formats}${ambiguous}`);
    if (c.format !== undefined || c.enum !== undefined)
      out.line(
        `${c.name}: ${[c.format && `format ${c.format}`, c.enum && `one of ${c.enum.map((v) => JSON.stringify(v)).join(', ')}`].filter(Boolean).join(', ')}`,
      );
  }
  out.line('');
}

const accessOf = (access: NonNullable<TableShape['access']>): string =>
  [access.read && 'readable', access.write && 'writable'].filter(Boolean).join(', ') ||
  'neither read nor written';
