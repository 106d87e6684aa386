import { z } from 'zod';

/** Building blocks shared by the spec's sections (spec v1, see schema.ts). */

export const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'use letters, digits, "-" and "_", starting with a letter');

/** "90s", "5m", "1h", "2d". */
export const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'write a duration such as "30s", "5m", "1h" or "2d"')
  .describe('A duration: a whole number followed by ms, s, m, h or d.');

export const keyList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('One column, or several for a composite key.');

export const callList = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .describe('A pipe of steps ("trim | lower") or a list of steps; a step is a name with optional arguments.');

export const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
