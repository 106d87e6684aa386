import { type Command, Option } from 'commander';
import { type CrashChildPlan, runCrashChild } from '../../drill/crash-child.js';
import { drillFlow } from '../../drill/drill-flow.js';
import { type DrillScenario, defaultDrillSettings, drillScenarios } from '../../drill/drill-scenario.js';
import { parseDuration } from '../../engine/parse-duration.js';
import { cliLogger } from '../cli-logger.js';
import { CliExit, exitCode } from '../exit-code.js';
import { loadProject } from '../load-project.js';
import { createOutput } from '../output.js';
import { printDrill } from './print-drill.js';
import { selectFlows } from './run.js';

interface DrillOptions {
  scenario: DrillScenario;
  json?: boolean;
  down?: string;
  delay?: string;
  share?: string;
  times?: string;
  child?: string;
}

export function drillCommand(program: Command): void {
  program
    .command('drill')
    .description(
      'run a flow against a scratch copy of its target with a failure injected, and check the result',
    )
    .argument('<flow>', 'flow name')
    .addOption(
      new Option('--scenario <name>', 'the failure to inject').choices(drillScenarios).makeOptionMandatory(),
    )
    .option('--json', 'print the report as JSON')
    .option('--down <duration>', 'target-down: how long writes fail', '5s')
    .option('--delay <duration>', 'target-slow: delay before each write', '500ms')
    .option('--share <fraction>', 'invalid-data: share of source rows corrupted', '0.1')
    .option('--times <n>', 'volume-spike: how many times the source is delivered', '10')
    .addOption(new Option('--child <plan>', 'internal: the process a crash drill kills').hideHelp())
    .action(async (name: string, options: DrillOptions) => {
      const out = createOutput();
      const specPath = program.opts<{ spec: string }>().spec;
      const project = await loadProject(specPath, out, { forRuns: true });
      selectFlows(project, [name], out);
      const flow = project.flows.get(name);
      if (!flow) throw new CliExit(exitCode.usage);
      const context = { baseDir: project.baseDir, env: process.env };
      if (options.child) return runCrashChild(flow, context, JSON.parse(options.child) as CrashChildPlan);
      const report = await drillFlow({
        flow,
        context,
        scenario: options.scenario,
        settings: {
          downMs: parseDuration(options.down ?? '5s'),
          slowMs: parseDuration(options.delay ?? '500ms'),
          invalidShare: fraction(options.share),
          spikeTimes: Math.max(
            2,
            Number.parseInt(options.times ?? '', 10) || defaultDrillSettings.spikeTimes,
          ),
        },
        logger: cliLogger(out, program.opts<{ verbose?: boolean }>().verbose ?? false),
        cliPath: process.argv[1] ?? '',
        specPath,
      });
      if (options.json) out.json(report);
      else printDrill(report, out);
      if (!report.ok) throw new CliExit(exitCode.failures);
    });
}

function fraction(text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new CliExit(exitCode.usage, `--share must be a fraction above 0 and at most 1, not "${text}"`);
  }
  return value;
}
