import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodePayload } from '../core/encode-payload.js';
import { isRecord } from '../core/is-record.js';
import type { JsonValue, Row } from '../core/row.js';

/**
 * One case of tests/FLOW/*.jsonl: a source record and either the row the mapping must write
 * (`output`, the fields named are compared) or the dead letter it must become (`deadLetter`,
 * with the reason code and/or field expected).
 */
export interface Fixture {
  /** `tests/customers-to-erp/cases.jsonl:3`. */
  readonly where: string;
  readonly name: string | undefined;
  readonly input: Row;
  readonly output?: Row;
  readonly deadLetter?: { readonly code?: string; readonly field?: string };
}

export interface FixtureProblem {
  readonly where: string;
  readonly message: string;
}

/** Reads every fixture file of a flow; a malformed line is reported, not thrown. */
export async function loadFixtures(
  baseDir: string,
  flow: string,
): Promise<{ fixtures: Fixture[]; problems: FixtureProblem[]; folder: string }> {
  const folder = path.join('tests', flow);
  let files: string[];
  try {
    files = (await readdir(path.join(baseDir, folder))).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return { fixtures: [], problems: [], folder };
  }
  const fixtures: Fixture[] = [];
  const problems: FixtureProblem[] = [];
  for (const file of files) {
    const lines = (await readFile(path.join(baseDir, folder, file), 'utf8')).split(/\r?\n/);
    lines.forEach((line, index) => {
      const where = `${path.join(folder, file)}:${index + 1}`;
      if (line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        problems.push({ where, message: `not JSON: ${(error as Error).message}` });
        return;
      }
      const fixture = toFixture(parsed, where);
      if (typeof fixture === 'string') problems.push({ where, message: fixture });
      else fixtures.push(fixture);
    });
  }
  return { fixtures, problems, folder };
}

function toFixture(parsed: unknown, where: string): Fixture | string {
  if (!isRecord(parsed) || !isRecord(parsed.input))
    return 'each line needs {"input": {...}, "output": {...}} or {"input": {...}, "deadLetter": {...}}';
  const hasOutput = isRecord(parsed.output);
  const letter = parsed.deadLetter;
  if (hasOutput === (letter !== undefined)) return 'give exactly one of "output" and "deadLetter"';
  if (letter !== undefined && !isRecord(letter))
    return '"deadLetter" is {"code": "...", "field": "..."} (both optional)';
  const name = typeof parsed.name === 'string' ? parsed.name : undefined;
  const input = decodePayload(parsed.input as JsonValue);
  if (hasOutput) return { where, name, input, output: decodePayload(parsed.output as JsonValue) };
  const code = isRecord(letter) && typeof letter.code === 'string' ? letter.code : undefined;
  const field = isRecord(letter) && typeof letter.field === 'string' ? letter.field : undefined;
  return {
    where,
    name,
    input,
    deadLetter: { ...(code === undefined ? {} : { code }), ...(field === undefined ? {} : { field }) },
  };
}
