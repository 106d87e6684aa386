import { Command, CommanderError } from 'commander';
import { IntegrationError } from '../core/integration-error.js';
import { CliExit, exitCode } from './exit-code.js';

/** Registers one or more top-level commands on the program. */
type Register = (program: Command) => void;

/**
 * Every top-level command, in the order help lists them, and the module that registers it.
 * A command's module (and what its action needs: the engine, the server, fast-check, …) is
 * loaded only when that command is run, or for help: `syncline run` does not load `serve`.
 */
const commands: readonly (readonly [readonly string[], () => Promise<Register>])[] = [
  [['init'], async () => (await import('./commands/init.js')).initCommand],
  [['validate'], async () => (await import('./commands/validate.js')).validateCommand],
  [['run'], async () => (await import('./commands/run.js')).runCommand],
  [['status'], async () => (await import('./commands/status.js')).statusCommand],
  [['dead-letters'], async () => (await import('./commands/dead-letters.js')).deadLettersCommand],
  [['reset'], async () => (await import('./commands/reset.js')).resetCommand],
  [['rollback'], async () => (await import('./commands/rollback.js')).rollbackCommand],
  [['schema'], async () => (await import('./commands/schema.js')).schemaCommand],
  [['connectors'], async () => (await import('./commands/connectors.js')).connectorsCommand],
  [['sheet'], async () => (await import('./commands/sheet.js')).sheetCommand],
  [['discover'], async () => (await import('./commands/discover.js')).discoverCommand],
  [['test'], async () => (await import('./commands/test.js')).testCommand],
  [['profile'], async () => (await import('./commands/profile.js')).profileCommand],
  [['plan'], async () => (await import('./commands/plan.js')).planCommand],
  [['runbook'], async () => (await import('./commands/runbook.js')).runbookCommand],
  [['drill'], async () => (await import('./commands/drill.js')).drillCommand],
  [['serve'], async () => (await import('./commands/serve.js')).serveCommand],
  [['users'], async () => (await import('./commands/users.js')).usersCommand],
  [['tokens'], async () => (await import('./commands/tokens.js')).tokensCommand],
  [['secrets'], async () => (await import('./commands/secrets.js')).secretsCommand],
  [['audit'], async () => (await import('./commands/audit.js')).auditCommand],
  [['sample'], async () => (await import('./commands/sample.js')).sampleCommand],
  [['alerts'], async () => (await import('./commands/alerts.js')).alertsCommand],
  [['review'], async () => (await import('./commands/review.js')).reviewCommand],
  [
    ['compare', 'stage', 'cutover'],
    async () => (await import('./commands/parallel-run.js')).parallelRunCommands,
  ],
  [['backfill'], async () => (await import('./commands/backfill.js')).backfillCommand],
];

/** The command a command line names (the first word that is not a global option), if any. */
function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--spec') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * The syncline command line: thin commands over the engine, the spec and the store. With
 * `argv`, only the command it names is registered when that is a known one; help, no command
 * or an unknown one (for commander's "did you mean") get them all.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('syncline')
    .description('turn an integration plan into a running, monitored integration')
    .option('--spec <path>', 'the spec file', 'syncline.yaml')
    .option('--verbose', 'log progress, and print stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const named = argv === undefined ? undefined : commandOf(argv);
  const wanted = commands.filter(([names]) => named !== undefined && names.includes(named));
  const registers = await Promise.all((wanted.length > 0 ? wanted : commands).map(([, load]) => load()));
  for (const register of registers) register(program);
  program.commands.forEach(function exitOverride(command: Command) {
    command.exitOverride();
    command.commands.forEach(exitOverride);
  });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync([...argv], { from: 'user' });
    return exitCode.ok;
  } catch (error) {
    if (error instanceof CliExit) {
      if (error.message) process.stderr.write(`${error.message}\n`);
      return error.code;
    }
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is bad usage.
      return error.exitCode === 0 ? exitCode.ok : exitCode.usage;
    }
    if (error instanceof IntegrationError) {
      process.stderr.write(
        `error [${error.code}]: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`,
      );
      return error.kind === 'config' ? exitCode.usage : exitCode.failures;
    }
    const verbose = argv.includes('--verbose');
    const detail =
      error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(
      `unexpected error: ${detail}\n${verbose ? '' : '(run with --verbose for the stack trace)\n'}`,
    );
    return exitCode.failures;
  }
}
