import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import type { DeadLetter, DeadLetterFilter } from '../../store/state-store.js';
import { CliExit, exitCode } from '../exit-code.js';
import { type Project, withStore } from '../load-project.js';
import { createOutput } from '../output.js';

const page = 1000;

/**
 * `dead-letters export`: every matching dead letter with its original record, as CSV (for a
 * spreadsheet) or JSON Lines (for tools), streamed page by page so a large backlog fits.
 */
export function exportDeadLetters(
  group: Command,
  load: () => Promise<Project>,
  filterFrom: (options: Record<string, unknown>) => DeadLetterFilter,
): void {
  group
    .command('export')
    .description('write dead letters with their original records as CSV or JSON Lines')
    .option('--flow <flow>', 'only this flow')
    .option('--code <code>', 'only this reason code')
    .option('--status <status>', 'open, replayed, discarded, superseded or all', 'open')
    .option('--older-than <duration>', 'only those older than this, e.g. 7d')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--out <file>', 'where to write (default: standard output)')
    .action(async (options: Record<string, string | undefined>) => {
      const out = createOutput();
      if (options.format !== 'csv' && options.format !== 'jsonl') {
        throw new CliExit(exitCode.usage, '--format must be csv or jsonl');
      }
      const project = await load();
      const filter = filterFrom({ ...options, limit: String(page) });
      const sink = options.out ? createWriteStream(options.out) : process.stdout;
      const csv = options.format === 'csv' ? stringify({ header: true, columns: csvColumns }) : undefined;
      csv?.pipe(sink);
      let count = 0;
      await withStore(project, async (store) => {
        let after: string | undefined;
        for (;;) {
          const letters = await store.listDeadLetters({ ...filter, limit: page, after });
          for (const letter of letters) {
            if (csv) csv.write(csvRow(letter));
            else sink.write(`${JSON.stringify(letter)}\n`);
          }
          count += letters.length;
          after = letters[letters.length - 1]?.id;
          if (letters.length < page) break;
        }
      });
      await new Promise<void>((resolve) => {
        if (csv) {
          csv.end();
          csv.on('end', resolve);
        } else resolve();
      });
      if (options.out) {
        await new Promise<void>((resolve) => sink.end(resolve));
        out.error(`exported ${count} dead letter${count === 1 ? '' : 's'} to ${options.out}`);
      }
    });
}

const csvColumns = [
  'id',
  'flow',
  'run',
  'status',
  'stage',
  'code',
  'field',
  'message',
  'key',
  'attempts',
  'created',
  'record',
  'resolved',
  'resolved_by',
  'resolution',
];

function csvRow(letter: DeadLetter): string[] {
  return [
    letter.id,
    letter.flow,
    letter.runId,
    letter.status,
    letter.stage,
    letter.code,
    letter.field ?? '',
    letter.message,
    JSON.stringify(letter.key ?? null),
    String(letter.attempts),
    letter.createdAt,
    JSON.stringify(letter.payload),
    letter.status === 'open' ? '' : letter.updatedAt,
    letter.resolvedBy ?? '',
    letter.resolution ?? '',
  ];
}
