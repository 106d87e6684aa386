import { describe, expect, it } from 'vitest';
import { isIssue } from '../../core/issue.js';
import type { TransformFn } from '../transform.js';
import { splitFullName, splitNameTransform } from './split-name.js';

function splitInto(count: number): TransformFn {
  const targets = ['first', 'middle', 'last', 'extra'].slice(0, count);
  const run = splitNameTransform.compile({}, { lookups: {}, targets, sources: ['name'] });
  if (typeof run !== 'function') throw new Error(run.message);
  return run;
}

describe('split-name', () => {
  const two = splitInto(2);
  const three = splitInto(3);

  it('keeps real multi-language names from the Chinook data intact', () => {
    expect(two('Luís Gonçalves', {})).toEqual(['Luís', 'Gonçalves']);
    expect(two('František Wichterlová', {})).toEqual(['František', 'Wichterlová']);
    expect(two('Bjørn Hansen', {})).toEqual(['Bjørn', 'Hansen']);
    expect(two('João Fernandes', {})).toEqual(['João', 'Fernandes']);
    expect(two('Enrique Muñoz', {})).toEqual(['Enrique', 'Muñoz']);
    expect(two('Stanisław Wójcik', {})).toEqual(['Stanisław', 'Wójcik']);
    expect(two("Hugh O'Reilly", {})).toEqual(['Hugh', "O'Reilly"]);
  });

  it('keeps particles with the last name', () => {
    expect(two('Johannes Van der Berg', {})).toEqual(['Johannes', 'Van der Berg']);
    expect(two('Ludwig van Beethoven', {})).toEqual(['Ludwig', 'van Beethoven']);
    expect(two('Maria de la Cruz', {})).toEqual(['Maria', 'de la Cruz']);
    expect(two('Leonardo da Vinci', {})).toEqual(['Leonardo', 'da Vinci']);
    expect(two('Otto von Bismarck', {})).toEqual(['Otto', 'von Bismarck']);
    expect(two('Thanh Le', {})).toEqual(['Thanh', 'Le']);
    expect(two('Maria Da Silva', {})).toEqual(['Maria', 'Da Silva']);
  });

  it('keeps suffixes with the last name', () => {
    expect(two('Martin Luther King Jr.', {})).toEqual(['Martin Luther', 'King Jr.']);
    expect(two('Martin Luther King, Jr.', {})).toEqual(['Martin Luther', 'King Jr.']);
    expect(two('John Smith III', {})).toEqual(['John', 'Smith III']);
    expect(three('William Henry Gates Sr.', {})).toEqual(['William', 'Henry', 'Gates Sr.']);
    expect(three('Martin Luther King, Jr.', {})).toEqual(['Martin', 'Luther', 'King Jr.']);
    expect(two('Smith Jr.', {})).toEqual([null, 'Smith Jr.']);
  });

  it('splits into first, middle and last', () => {
    expect(three('Mary Ann Smith', {})).toEqual(['Mary', 'Ann', 'Smith']);
    expect(three('Jean Claude Van Damme', {})).toEqual(['Jean', 'Claude', 'Van Damme']);
    expect(three('Luís Gonçalves', {})).toEqual(['Luís', null, 'Gonçalves']);
    expect(three('Anna Maria Louisa Schmidt', {})).toEqual(['Anna', 'Maria Louisa', 'Schmidt']);
  });

  it('puts middle names with the first name when there are two targets', () => {
    expect(two('Mary Ann Smith', {})).toEqual(['Mary Ann', 'Smith']);
  });

  it('reads "Last, First"', () => {
    expect(two('Gonçalves, Luís', {})).toEqual(['Luís', 'Gonçalves']);
    expect(three('Van der Berg, Johannes Pieter', {})).toEqual(['Johannes', 'Pieter', 'Van der Berg']);
    expect(two('Smith, John Jr.', {})).toEqual(['John', 'Smith Jr.']);
  });

  it('tidies spaces, including non-breaking ones', () => {
    expect(two('  Bjørn\u00a0  Hansen  ', {})).toEqual(['Bjørn', 'Hansen']);
  });

  it('leaves what it cannot fill as null', () => {
    expect(two('Madonna', {})).toEqual(['Madonna', null]);
    expect(two('', {})).toEqual([null, null]);
    expect(three(null, {})).toEqual([null, null, null]);
    expect(splitFullName('   ')).toBeUndefined();
  });

  it('refuses a value that is not text', () => {
    const result = two(42, {});
    expect(isIssue(result) && result.code).toBe('not-text');
    const list = two(['a', 'b'], {});
    expect(isIssue(list) && list.hint).toMatch(/single field/);
  });

  it('needs two or three targets', () => {
    const result = splitNameTransform.compile({}, { lookups: {}, targets: ['name'], sources: ['name'] });
    expect(typeof result !== 'function' && result.message).toMatch(/needs 2 target fields/);
    expect(() => splitInto(4)).toThrow(/got 4/);
  });
});
