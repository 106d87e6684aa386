import type { Command } from 'commander';
import { defaultStage, flowStage } from '../../cutover/flow-stage.js';
import { type FlowStage, flowStages } from '../../store/cutover-store.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { operatorName } from '../operator-name.js';
import { createOutput, formatTable } from '../output.js';
import { selectFlows } from './run.js';

export function stageCommand(program: Command): void {
  program
    .command('stage')
    .description(`show a flow's stage and its history, or move it (${flowStages.join(' → ')}), audited`)
    .argument('<flow>', 'the flow')
    .argument('[stage]', `the stage to move to: ${flowStages.join(', ')}`)
    .option('--reason <text>', 'why (required for a move; kept in the history with who and when)')
    .option('--force', 'allow a move to live without `syncline cutover` (its checks are skipped)')
    .option('--json', 'print the stage and history as JSON')
    .action(
      async (
        name: string,
        stage: string | undefined,
        options: { reason?: string; force?: boolean; json?: boolean },
      ) => {
        const out = createOutput();
        const project = await loadProject(program.opts<{ spec: string }>().spec, out);
        selectFlows(project, [name], out);
        const flow = { name, spec: project.spec.flows?.[name] ?? {} };
        if (stage !== undefined && !(flowStages as readonly string[]).includes(stage))
          throw new CliExit(exitCode.usage, `"${stage}" is not a stage; use one of ${flowStages.join(', ')}`);
        await withStore(project, async (store) => {
          const current = await flowStage(store, flow);
          if (stage === undefined) {
            const history = await store.cutover.stageHistory(name);
            if (options.json) return out.json({ flow: name, stage: current, history });
            out.line(
              `${out.paint('bold', name)} is ${current}${history.length === 0 ? ` (no move recorded; the default for this flow is ${defaultStage(flow)})` : ''}`,
            );
            if (history.length > 0)
              out.line(
                formatTable(
                  ['when', 'from', 'to', 'by', 'reason'],
                  history.map((h) => [
                    h.at.replace('T', ' ').slice(0, 19),
                    h.from ?? '-',
                    h.stage,
                    h.by,
                    h.reason,
                  ]),
                ),
              );
            return;
          }
          const reason = options.reason?.trim();
          if (!reason)
            throw new CliExit(
              exitCode.usage,
              `say why with --reason "..." (it is kept with who moved ${name} and when)`,
            );
          if (stage === current) return out.line(`${name} is already ${current}; nothing recorded`);
          if (stage === 'live' && !options.force)
            throw new CliExit(
              exitCode.usage,
              `moving ${name} to live is what \`syncline cutover ${name}\` does after checking its compares and the plan; use it (or --force to skip those checks, recorded in the history)`,
            );
          const by = operatorName();
          await store.cutover.setStage({
            flow: name,
            stage: stage as FlowStage,
            from: current,
            at: new Date().toISOString(),
            by,
            reason: stage === 'live' ? `forced without cutover checks: ${reason}` : reason,
          });
          out.line(`${name}: ${current} → ${stage} (by ${by})`);
        });
      },
    );
}
