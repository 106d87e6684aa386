import { stripVTControlCharacters, styleText } from 'node:util';

/** Terminal output: colour only on a terminal, never with NO_COLOR; plain tables otherwise. */

export interface Output {
  readonly color: boolean;
  line(text?: string): void;
  error(text: string): void;
  json(value: unknown): void;
  paint(style: 'red' | 'green' | 'yellow' | 'dim' | 'bold' | 'cyan', text: string): string;
}

export function createOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  ignoreClosedPipes();
  const color = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return {
    color,
    line: (text = '') => stream.write(`${text}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
    json: (value) => stream.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`),
    paint: (style, text) => (color ? styleText(style, text) : text),
  };
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Left-aligned columns; numbers right-aligned. Widths ignore colour codes. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const visible = (text: string) => stripVTControlCharacters(text).length;
  const widths = headers.map((header, column) =>
    Math.max(visible(header), ...rows.map((row) => visible(row[column] ?? ''))),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const pad = ' '.repeat(Math.max(0, (widths[column] ?? 0) - visible(cell)));
        return /^-?[\d.,]+( ?[a-z%]+)?$/.test(stripVTControlCharacters(cell)) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [render(headers), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)].join('\n');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** How long a finished run took; empty while it runs. */
export function runDuration(run: {
  readonly startedAt: string;
  readonly finishedAt?: string | undefined;
}): string {
  return run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
}

let pipesGuarded = false;

/** `syncline status | head` closes the pipe early; that is not an error worth a stack trace. */
function ignoreClosedPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}
