#!/usr/bin/env node
import { CliExit } from './exit-code.js';
import { limitHeapGrowth } from './limit-heap-growth.js';
import { main } from './main.js';

try {
  limitHeapGrowth();
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliExit)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = error.code;
}
