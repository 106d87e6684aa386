import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

/** A lookups: table read from a CSV file drives a real run, and a broken one is reported in the spec. */
describe('lookup tables from CSV files', () => {
  let work: ReturnType<typeof makeTempDir>;
  let spec: string;
  beforeAll(() => {
    work = makeTempDir('lookup-files');
    expect(runCli(['init', work.dir]).status).toBe(0);
    spec = path.join(work.dir, 'syncline.yaml');
    writeFileSync(
      path.join(work.dir, 'countries.csv'),
      'name,code\nGermany,DE\nFrance,FR\nNorway,NO\nCzech Republic,CZ\nBrazil,BR\nNetherlands,NL\n',
    );
    const text = readFileSync(spec, 'utf8').replace(
      /lookups:\n {2}countries:\n( {4}.*\n)+/,
      'lookups:\n  countries: { file: countries.csv, key: name, value: code }\n',
    );
    writeFileSync(spec, text);
  });
  afterAll(() => work.remove());

  it('maps through the file table', () => {
    const run = runCli(['run', '--spec', spec]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const people = readFileSync(path.join(work.dir, 'output/people.csv'), 'utf8');
    expect(people).toContain('František,Wichterlová,frantisekw@jetbrains.com,CZ,2021-12-01');
  });

  it('names the file and its columns when the spec asks for a column it lacks', () => {
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('value: code', 'value: iso'));
    const result = runCli(['validate', '--spec', spec]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'lookups.countries.value: countries.csv has no column "iso" (its columns: name, code)',
    );
  });
});
