import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { connectors } from '../../connectors/registry.js';
import { buildJsonSchema } from '../../spec/json-schema.js';
import { createOutput } from '../output.js';

export function schemaCommand(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schema of the spec, for editor completion and checking')
    .option('--out <file>', 'where to write it ("-" for standard output)', 'syncline.schema.json')
    .action((options: { out: string }) => {
      const out = createOutput();
      const text = schemaText();
      if (options.out === '-') {
        process.stdout.write(text);
        return;
      }
      writeFileSync(options.out, text);
      out.line(`wrote ${options.out}`);
      out.line(`add this first line to your spec so editors use it:`);
      out.line(`  # yaml-language-server: $schema=./${path.basename(options.out)}`);
    });
}

/** The JSON Schema of the spec with every known connector kind, as written to disk. */
export function schemaText(): string {
  return `${JSON.stringify(buildJsonSchema(connectors), null, 2)}\n`;
}
