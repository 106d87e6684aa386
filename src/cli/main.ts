import { Command, CommanderError } from 'commander';
import { IntegrationError } from '../core/integration-error.js';
import { alertsCommand } from './commands/alerts.js';
import { auditCommand } from './commands/audit.js';
import { backfillCommand } from './commands/backfill.js';
import { connectorsCommand } from './commands/connectors.js';
import { deadLettersCommand } from './commands/dead-letters.js';
import { discoverCommand } from './commands/discover.js';
import { drillCommand } from './commands/drill.js';
import { initCommand } from './commands/init.js';
import { parallelRunCommands } from './commands/parallel-run.js';
import { planCommand } from './commands/plan.js';
import { profileCommand } from './commands/profile.js';
import { resetCommand } from './commands/reset.js';
import { reviewCommand } from './commands/review.js';
import { rollbackCommand } from './commands/rollback.js';
import { runCommand } from './commands/run.js';
import { runbookCommand } from './commands/runbook.js';
import { sampleCommand } from './commands/sample.js';
import { schemaCommand } from './commands/schema.js';
import { secretsCommand } from './commands/secrets.js';
import { serveCommand } from './commands/serve.js';
import { sheetCommand } from './commands/sheet.js';
import { statusCommand } from './commands/status.js';
import { testCommand } from './commands/test.js';
import { tokensCommand } from './commands/tokens.js';
import { usersCommand } from './commands/users.js';
import { validateCommand } from './commands/validate.js';
import { CliExit, exitCode } from './exit-code.js';

/** The syncline command line: thin commands over the engine, the spec and the store. */
export function buildProgram(): Command {
  const program = new Command('syncline')
    .description('turn an integration plan into a running, monitored integration')
    .option('--spec <path>', 'the spec file', 'syncline.yaml')
    .option('--verbose', 'log progress, and print stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [
    initCommand,
    validateCommand,
    runCommand,
    statusCommand,
    deadLettersCommand,
    resetCommand,
    rollbackCommand,
    schemaCommand,
    connectorsCommand,
    sheetCommand,
    discoverCommand,
    testCommand,
    profileCommand,
    planCommand,
    runbookCommand,
    drillCommand,
    serveCommand,
    usersCommand,
    tokensCommand,
    secretsCommand,
    auditCommand,
    sampleCommand,
    alertsCommand,
    reviewCommand,
    parallelRunCommands,
    backfillCommand,
  ]) {
    register(program);
  }
  program.commands.forEach(function exitOverride(command: Command) {
    command.exitOverride();
    command.commands.forEach(exitOverride);
  });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
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
