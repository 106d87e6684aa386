import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { findYamlProblems } from './find-yaml-problems.js';

function find(lines: string[]) {
  const source = lines.join('\n');
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const { problems, isFatal } = findYamlProblems(doc, lineCounter, source, 'spec.yaml');
  return {
    isFatal,
    problems: problems.map((p) => ({
      at: `${p.line}:${p.col}`,
      path: p.path,
      code: p.code,
      message: p.message,
      hint: p.hint,
    })),
  };
}

describe('findYamlProblems', () => {
  it('finds nothing in good YAML', () => {
    expect(find(['a: 1', 'b: [1, 2]'])).toEqual({ isFatal: false, problems: [] });
  });

  it('reports a duplicate key at the second one, and keeps the document usable', () => {
    expect(find(['flows:', '  f:', '    from: a', '    from: b'])).toEqual({
      isFatal: false,
      problems: [
        {
          at: '4:5',
          path: 'flows.f.from',
          code: 'duplicate-key',
          message: '"from" is written twice in the same block; only one of them would count',
          hint: 'remove one of them, or merge their settings',
        },
      ],
    });
  });

  it('explains an unquoted secret reference inside braces', () => {
    const { isFatal, problems } = find([
      'systems:',
      '  crm:',
      '    connection: { url: ${env:CRM_URL} }',
      '  erp: {}',
    ]);
    expect(isFatal).toBe(true);
    expect(problems).toEqual([
      {
        at: '3:25',
        path: 'systems.crm.connection.url',
        code: 'yaml-syntax',
        message: 'the file is not valid YAML: unexpected "{" after a value',
        hint: 'put quotes around secret references inside { } or [ ], e.g. { url: "${env:NAME}" }',
      },
    ]);
  });

  it('reports tabs and unclosed quotes where they are', () => {
    expect(find(['project:', '\tname: p']).problems).toMatchObject([
      { at: '2:1', message: 'the file is not valid YAML: a tab is used for indentation' },
    ]);
    expect(find(['project:', '  name: "Order', 'systems: {}']).problems).toMatchObject([
      {
        at: '2:9',
        path: 'project.name',
        message: 'the file is not valid YAML: a quote opened here is never closed',
        hint: 'add the closing quote',
      },
    ]);
  });

  it('reports an alias to an anchor that does not exist', () => {
    expect(find(['defaults: &base { batchSize: 10 }', 'flows:', '  f: *bsae']).problems).toMatchObject([
      {
        at: '3:6',
        path: 'flows.f',
        message: '*bsae refers to an anchor &bsae that is not defined before it',
      },
    ]);
  });

  it('reports a second document', () => {
    expect(find(['version: 1', '---', 'version: 2']).problems).toMatchObject([
      { at: '2:1', message: 'the file is not valid YAML: it holds more than one document (a "---" line)' },
    ]);
  });
});
