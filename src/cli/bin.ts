#!/usr/bin/env node
import { limitHeapGrowth } from './limit-heap-growth.js';
import { main } from './main.js';

limitHeapGrowth();
process.exitCode = await main(process.argv.slice(2));
