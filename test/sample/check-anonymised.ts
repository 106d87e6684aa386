import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { decodePayload } from '../../src/core/encode-payload.js';
import type { JsonValue, Row } from '../../src/core/row.js';

/** The rows of a JSONL file the sample wrote. */
export function readJsonl(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => decodePayload(JSON.parse(line) as JsonValue));
}

const comparable = (value: unknown) => String(value).trim().toLowerCase();

/**
 * The acceptance checks of an anonymised parent/child sample against the original tables:
 * the same rows in the same order, each parent with as many children as before, and not one
 * value anywhere in the output equal to any original personal value of the whole table.
 */
export function expectAnonymised(options: {
  readonly originalParents: readonly Row[];
  readonly originalChildren: readonly Row[];
  readonly parents: readonly Row[];
  readonly children: readonly Row[];
  readonly parentKey: string;
  readonly childLink: string;
  /** Every original personal value (names, emails, phones, addresses) of the full tables. */
  readonly personal: readonly unknown[];
}): void {
  const { originalParents, parents, parentKey, childLink } = options;
  expect(parents).toHaveLength(originalParents.length);
  const count = (rows: readonly Row[], key: unknown) =>
    rows.filter((row) => String(row[childLink]) === String(key)).length;
  const sampledChildren = options.originalChildren.filter((row) =>
    originalParents.some((p) => String(p[parentKey]) === String(row[childLink])),
  );
  expect(options.children).toHaveLength(sampledChildren.length);
  originalParents.forEach((original, index) => {
    const fake = parents[index] ?? {};
    expect(count(options.children, fake[parentKey])).toBe(count(sampledChildren, original[parentKey]));
  });
  const originals = new Set(
    // A blank value holds nothing personal; it is kept as the data-quality case it is.
    options.personal.filter((v) => v !== null && v !== undefined && String(v).trim() !== '').map(comparable),
  );
  const leaks = [...parents, ...options.children].flatMap((row) =>
    Object.entries(row).filter(([, value]) => value !== null && originals.has(comparable(value))),
  );
  expect(leaks).toEqual([]);
}

/** A value's shape: every digit a 9, every letter an a. */
export const shapeOf = (value: unknown) =>
  value === null ? null : String(value).replace(/\d/g, '9').replace(/\p{L}/gu, 'a');
