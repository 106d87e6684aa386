import type { Command } from 'commander';
import { compareCommand } from './compare.js';
import { cutoverCommand } from './cutover.js';
import { stageCommand } from './stage.js';

/** The parallel run and cut-over commands: compare, stage, cutover. */
export function parallelRunCommands(program: Command): void {
  compareCommand(program);
  stageCommand(program);
  cutoverCommand(program);
}
