import { describe, expect, it } from 'vitest';
import { isIssue } from '../core/issue.js';
import type { Row } from '../core/row.js';
import type { FieldSpec, LookupTable } from '../spec/schema.js';
import { compileMapping } from './compile-mapping.js';
import { rules } from './rule-registry.js';
import { transforms } from './transform-registry.js';

// A field that maps one source value with steps that read nothing else compiles to a function
// of that value too (ValueMapper): the COPY text lane runs it without building a record, so it
// must give exactly what the field gives inside a record, and must not exist for a field whose
// steps read other fields or keep state.

function compileOne(
  field: FieldSpec,
  lookups: Readonly<Record<string, LookupTable>> = {},
  rowFields?: string[],
) {
  const compiled = compileMapping([field], {
    onInvalid: 'dead-letter',
    lookups,
    ...(rowFields === undefined ? {} : { sourceFields: rowFields }),
  });
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('\n'));
  return compiled;
}

describe('value mappers', () => {
  it('run the steps and rules of a one-to-one field on the value alone', () => {
    const compiled = compileOne({
      from: 'a',
      to: 'b',
      transform: 'trim | lower',
      validate: ['required', 'email'],
    });
    const mapValue = compiled.valueMappers[0];
    expect(mapValue?.(' Ana@Example.COM ')).toBe('ana@example.com');
    const refused = mapValue?.('  ');
    expect(isIssue(refused) && refused.code).toBe('required');
    expect(compileOne({ from: 'a', to: 'b' }).valueMappers[0]?.(7)).toBe(7);
  });

  it('are absent for fields that read several values, other fields or keep state', () => {
    const absent = (field: FieldSpec, rowFields?: string[]) =>
      expect(compileOne(field, {}, rowFields).valueMappers[0], JSON.stringify(field)).toBeUndefined();
    absent({ from: ['a', 'c'], to: 'b', transform: "join(' ')" });
    absent({ from: 'a', to: ['b', 'c'], transform: 'split-name' });
    absent({ value: 'x', to: 'b' });
    absent({ from: 'a', to: 'b', transform: 'cel("value + c")' }, ['a', 'c']);
    absent({ from: 'a', to: 'b', validate: 'cel("c != value")' }, ['a', 'c']);
    absent({ from: 'a', to: 'b', validate: 'unique' });
  });

  it('agree with the field in a record on every example of the library, and skip those that read the record', () => {
    const checked: string[] = [];
    /** The example's field with its value mapper, or undefined when the example reads the record. */
    const compiledExample = (
      field: FieldSpec,
      example: { step: string; input: unknown; row?: Row; lookups?: Readonly<Record<string, LookupTable>> },
    ) => {
      const row = { in: example.input, ...example.row };
      const compiled = compileOne(field, example.lookups, Object.keys(row));
      const mapValue = compiled.valueMappers[0];
      if (example.row !== undefined) {
        expect(mapValue, example.step).toBeUndefined();
        return undefined;
      }
      // A step may take the record without needing it here (constant currencies): no mapper is safe.
      if (mapValue === undefined) return undefined;
      checked.push(example.step);
      return { compiled, mapValue, row };
    };
    for (const definition of transforms) {
      for (const example of definition.examples ?? []) {
        if ((example.targets?.length ?? 1) !== 1) continue;
        const found = compiledExample({ from: 'in', to: 'out', transform: example.step }, example);
        if (found === undefined) continue;
        const mapped = found.compiled.map(found.row);
        const alone = found.mapValue(example.input);
        expect(mapped.ok && !isIssue(alone) ? alone : 'not clean', example.step).toEqual(
          mapped.ok ? mapped.row.out : 'not clean',
        );
      }
    }
    for (const definition of rules) {
      if (definition.name === 'unique') continue;
      for (const example of definition.examples ?? []) {
        const found = compiledExample({ from: 'in', to: 'out', validate: example.step }, example);
        if (found === undefined) continue;
        expect(isIssue(found.mapValue(example.input)), example.step).toBe(!example.passes);
      }
    }
    expect(checked.length).toBeGreaterThan(40);
  });
});
