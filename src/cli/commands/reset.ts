import type { Command } from 'commander';
import { didYouMean } from '../../core/did-you-mean.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { createOutput } from '../output.js';

export function resetCommand(program: Command): void {
  program
    .command('reset')
    .description("forget a flow's checkpoint, so its next run reads the source from the start")
    .argument('<flow>', 'flow name')
    .action(async (name: string) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      const flows = Object.keys(project.spec.flows ?? {});
      if (!flows.includes(name)) {
        const guess = didYouMean(name, flows);
        out.error(`unknown flow "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
        throw new CliExit(exitCode.usage);
      }
      const previous = await withStore(project, async (store) => {
        const checkpoint = await store.loadCheckpoint(name);
        await store.saveCheckpoint(name, undefined, new Date().toISOString());
        return checkpoint;
      });
      if (!previous) {
        out.line(`${name} had no checkpoint; nothing changed`);
        return;
      }
      out.line(`forgot the checkpoint of ${name} (it was ${JSON.stringify(previous.source)})`);
      out.line(
        'the next run reads the whole source again: an upsert target absorbs that, an append-only target gets every record again',
      );
    });
}
