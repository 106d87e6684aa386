import type { Command } from 'commander';
import { z } from 'zod';
import { connectors } from '../../connectors/registry.js';
import { createOutput, formatTable } from '../output.js';

export function connectorsCommand(program: Command): void {
  program
    .command('connectors')
    .description('the system kinds syncline can connect, with what they read and write')
    .option('--json', 'print each with the JSON Schema of its connection and from:/to: options')
    .action((options: { json?: boolean }) => {
      const out = createOutput();
      if (options.json) {
        out.json({
          connectors: connectors.map((c) => ({
            kind: c.kind,
            summary: c.summary,
            connection: toSchema(c.config),
            source: c.source ? { options: toSchema(c.source.options) } : null,
            target: c.target ? { options: toSchema(c.target.options), modes: c.target.modes } : null,
          })),
        });
        return;
      }
      out.line(
        formatTable(
          ['kind', 'reads', 'writes', 'summary'],
          connectors.map((c) => [
            c.kind,
            c.source ? 'yes' : '-',
            c.target ? c.target.modes.join(', ') : '-',
            c.summary,
          ]),
        ),
      );
      out.line(out.paint('dim', '\nmanual: a system that takes part in the plan but is not connected'));
      out.line(
        out.paint('dim', 'options of each kind: docs/connectors/<kind>.md, or syncline connectors --json'),
      );
    });
}

function toSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}
