import { encodeValue } from '../core/encode-payload.js';
import type { RowMapper } from '../mapping/compile-mapping.js';
import { showValue } from '../mapping/show-value.js';
import type { Fixture } from './load-fixtures.js';

export interface FixtureFailure {
  readonly where: string;
  readonly name: string | undefined;
  readonly message: string;
}

/** Runs each fixture through a fresh mapper; a fixture fails with what differs. */
export function runFixtures(newMapper: () => RowMapper, fixtures: readonly Fixture[]): FixtureFailure[] {
  const failures: FixtureFailure[] = [];
  for (const fixture of fixtures) {
    const fail = (message: string) => failures.push({ where: fixture.where, name: fixture.name, message });
    let outcome: ReturnType<RowMapper>;
    try {
      outcome = newMapper()(fixture.input);
    } catch (error) {
      fail(`the mapping throws: ${(error as Error).message}`);
      continue;
    }
    if (fixture.output !== undefined) {
      if (!outcome.ok) {
        fail(
          `expected a written row, got a dead letter: ${outcome.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        );
        continue;
      }
      const differences = Object.entries(fixture.output).flatMap(([field, expected]) => {
        const actual = outcome.row[field];
        return same(actual, expected)
          ? []
          : [`${field}: expected ${showValue(expected)}, got ${showValue(actual)}`];
      });
      if (differences.length > 0) fail(differences.join('; '));
      continue;
    }
    const letter = fixture.deadLetter ?? {};
    if (outcome.ok) {
      fail(`expected a dead letter${letter.code ? ` (${letter.code})` : ''}, but the record is written`);
      continue;
    }
    const matching = outcome.issues.some(
      (issue) =>
        (letter.code === undefined || issue.code === letter.code) &&
        (letter.field === undefined || issue.path === letter.field),
    );
    if (!matching) {
      const got = outcome.issues.map((i) => `${i.code} on ${i.path || 'the record'}`).join(', ');
      fail(
        `expected dead letter ${letter.code ?? ''}${letter.field ? ` on ${letter.field}` : ''}, got ${got}`,
      );
    }
  }
  return failures;
}

/** Equal as the store would keep them: the lossless JSON forms match. */
function same(actual: unknown, expected: unknown): boolean {
  return JSON.stringify(encodeValue(actual)) === JSON.stringify(encodeValue(expected));
}
