import { readFile } from 'node:fs/promises';
import { CliExit, exitCode } from './exit-code.js';

/**
 * Reads a password or secret value without it ever being a command-line argument (which other
 * users see in `ps` and shells keep in history): from a file, from piped stdin, or typed at a
 * terminal without echo. One trailing newline is dropped; an empty value is refused.
 */
export async function readSecretInput(
  what: string,
  options: { readonly file?: string | undefined } = {},
): Promise<string> {
  let text: string;
  if (options.file !== undefined) {
    try {
      text = await readFile(options.file, 'utf8');
    } catch {
      throw new CliExit(exitCode.usage, `cannot read the ${what} from ${options.file}`);
    }
  } else if (process.stdin.isTTY) {
    text = await readHidden(`${what}: `);
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
    text = Buffer.concat(chunks).toString('utf8');
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new CliExit(exitCode.usage, `the ${what} is empty`);
  return value;
}

/** A line typed at the terminal, not echoed. */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new CliExit(130, 'cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
