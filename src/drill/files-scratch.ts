import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, systemContext } from '../engine/connect-flow.js';
import { pointFlowAt } from './point-flow-at.js';
import type { ScratchTarget } from './scratch-target.js';
import { targetKeyColumns } from './target-key-columns.js';

/** A files target pointed at an empty temp folder; its CSV is read back with csv-parse. */
export function filesScratch(flow: CompiledFlow, context: ConnectContext): ScratchTarget {
  const { config } = systemContext(flow.target, context) as { config: { delimiter: string; quote: string } };
  const options = flow.target.options as {
    file: string;
    delimiter?: string;
    quote?: string;
    header?: boolean;
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'syncline-drill-files-'));
  const file = path.join(dir, options.file);
  const keyColumns = targetKeyColumns(flow);
  return {
    flow: pointFlowAt(flow, { ...flow.target.connection, dir }, flow.target.options),
    where: file,
    async readKeys() {
      if (!existsSync(file)) return [];
      const records = parse(readFileSync(file, 'utf8'), {
        columns: options.header === false ? [...flow.targetFields] : true,
        delimiter: options.delimiter ?? config.delimiter,
        quote: options.quote ?? config.quote,
        skip_empty_lines: true,
      }) as Record<string, string>[];
      return records.map((record) => keyColumns.map((column) => record[column] ?? null));
    },
    async remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
