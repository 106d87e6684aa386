import { describe, expect, it } from 'vitest';
import { specSchema } from './schema.js';
import { allowedKeysAt, descriptionAt, schemasAtPath } from './schemas-at-path.js';

describe('allowedKeysAt', () => {
  it('walks objects, records, arrays and optional wrappers', () => {
    expect(allowedKeysAt(specSchema, [])).toContain('flows');
    expect(allowedKeysAt(specSchema, ['project', 'review'])).toEqual(['monthlyFor', 'then']);
    expect(allowedKeysAt(specSchema, ['flows', 'any-flow', 'errors', 'retry'])).toEqual([
      'attempts',
      'backoff',
      'delay',
      'maxDelay',
    ]);
    expect(allowedKeysAt(specSchema, ['flows', 'f', 'fields', 3])).toContain('transform');
  });

  it('knows nothing of places outside the schema or open to any key', () => {
    expect(allowedKeysAt(specSchema, ['nowhere', 'at', 'all'])).toEqual([]);
    expect(allowedKeysAt(specSchema, ['systems', 'crm', 'connection'])).toEqual([]);
  });
});

describe('schemasAtPath', () => {
  it('spreads unions into their options', () => {
    expect(schemasAtPath(specSchema, ['flows', 'f', 'fields', 0, 'to'])).toHaveLength(2);
    expect(schemasAtPath(specSchema, ['flows', 'f', 'fields', 0, 'to', 0])).toHaveLength(1);
  });
});

describe('descriptionAt', () => {
  it('finds the description on a wrapper or on the schema inside it', () => {
    expect(descriptionAt(specSchema, ['project', 'name'])).toBe(
      'Project name, shown on reports and the dashboard.',
    );
    expect(descriptionAt(specSchema, ['flows', 'f', 'errors', 'deadLetter'])).toMatch(/dead letter/);
    expect(descriptionAt(specSchema, ['flows', 'f', 'nothing'])).toBeUndefined();
  });
});
