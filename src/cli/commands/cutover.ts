import type { Command } from 'commander';
import { checkCutover } from '../../cutover/check-cutover.js';
import { flowStage } from '../../cutover/flow-stage.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject, withStore } from '../load-project.js';
import { operatorName } from '../operator-name.js';
import { createOutput } from '../output.js';
import { planProject } from '../plan-project.js';
import { selectFlows } from './run.js';

const defaultCleanCompares = 3;

export function cutoverCommand(program: Command): void {
  program
    .command('cutover')
    .description(
      'move a flow to live, only when its last compares were clean and the plan has no errors for it',
    )
    .argument('<flow>', 'the flow')
    .option('--reason <text>', 'why, for the stage history (default: the compares it rests on)')
    .option('--json', 'print the verdict as JSON')
    .addHelpText(
      'after',
      '\nHow many clean compares are needed: flows.FLOW.compare.cutoverAfter (default 3). Exit code 1 when refused.',
    )
    .action(async (name: string, options: { reason?: string; json?: boolean }) => {
      const out = createOutput();
      const project = await loadProject(program.opts<{ spec: string }>().spec, out);
      selectFlows(project, [name], out);
      const flow = project.flows.get(name);
      if (!flow) throw new CliExit(exitCode.usage, `unknown flow "${name}"`);
      const required = flow.spec.compare?.cutoverAfter ?? defaultCleanCompares;
      const plan = await planProject(project);
      const allowed = await withStore(project, async (store): Promise<boolean> => {
        const stage = await flowStage(store, flow);
        if (stage === 'live') {
          if (options.json) out.json({ flow: name, allowed: true, stage, blockers: [] });
          else out.line(`${name} is already live`);
          return true;
        }
        const verdict = checkCutover({
          flow: name,
          stage,
          compares: await store.cutover.listCompares(name, required),
          required,
          findings: plan.findings,
          systems: [flow.source.system, flow.target.system],
          entity: flow.spec.entity,
        });
        const ids = verdict.compares.map((c) => c.id).join(', ');
        if (verdict.allowed) {
          const by = operatorName();
          await store.cutover.setStage({
            flow: name,
            stage: 'live',
            from: stage,
            at: new Date().toISOString(),
            by,
            reason: options.reason?.trim() || `cut over: compares ${ids} clean, no plan errors`,
          });
        }
        if (options.json)
          out.json({
            flow: name,
            stage: verdict.allowed ? 'live' : stage,
            allowed: verdict.allowed,
            blockers: verdict.blockers,
            compares: ids,
          });
        else if (verdict.allowed)
          out.line(out.paint('green', `${name}: ${stage} → live (compares ${ids} clean, no plan errors)`));
        else {
          out.line(out.paint('red', `cutover of ${name} refused (it stays ${stage}):`));
          for (const blocker of verdict.blockers) out.line(`  - ${blocker}`);
        }
        return verdict.allowed;
      });
      if (!allowed) throw new CliExit(exitCode.failures);
    });
}
