import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../../server/package-root.js';
import { CliExit, exitCode } from '../exit-code.js';
import { createOutput } from '../output.js';
import { schemaText } from './schema.js';

/** The starter project is an example like any other, so it is run by the golden example test. */
const starterDir = path.join(packageRoot(), 'examples', 'starter');

export function initCommand(program: Command): void {
  program
    .command('init')
    .description('create a working starter project (a spec, sample data, a mapping with transforms)')
    .argument('[dir]', 'where to create it', '.')
    .option('--force', 'overwrite an existing syncline.yaml')
    .action((dir: string, options: { force?: boolean }) => {
      const out = createOutput();
      const target = path.resolve(dir);
      const spec = path.join(target, 'syncline.yaml');
      if (existsSync(spec) && !options.force) {
        out.error(`${spec} already exists; use --force to overwrite it, or choose another directory`);
        throw new CliExit(exitCode.usage);
      }
      mkdirSync(target, { recursive: true });
      cpSync(path.join(starterDir, 'syncline.yaml'), spec);
      cpSync(path.join(starterDir, 'input'), path.join(target, 'input'), { recursive: true });
      // The spec's first line points editors at this file for completion and checking.
      writeFileSync(path.join(target, 'syncline.schema.json'), schemaText());
      const ignore = path.join(target, '.gitignore');
      if (!existsSync(ignore)) writeFileSync(ignore, '.syncline/\noutput/\n');
      const relative = path.relative(process.cwd(), target) || '.';
      const specFlag = relative === '.' ? '' : ` --spec ${path.join(relative, 'syncline.yaml')}`;
      out.line(`created a starter project in ${target}`);
      out.line('next:');
      out.line(`  syncline validate${specFlag}     check the spec`);
      out.line(`  syncline run${specFlag}          run its flow`);
      out.line(`  syncline status${specFlag}       see the last runs`);
      out.line(`  syncline dead-letters list${specFlag}`);
    });
}
