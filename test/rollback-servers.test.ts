import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { mysqlTables, postgresTables, type ServerTables } from './support/rollback-tables.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * Rollback of upsert runs on PostgreSQL and MariaDB: the target table, dumped as text by the
 * server itself and hashed, must be exactly what it was before the run (checksum equal) —
 * every type the journal carries (decimals, timestamps with microseconds, booleans, JSON,
 * dates, NULLs) and the target's own column the flow does not write.
 */

const servers: readonly [string, () => Promise<ServerTables>][] = [
  ['postgres', postgresTables],
  ['mysql', mysqlTables],
];

describe.each(servers)('syncline rollback (%s)', (kind, open) => {
  let tables: ServerTables;
  let work: ReturnType<typeof makeTempDir>;
  const spec = () => path.join(work.dir, 'syncline.yaml');
  const checksum = async () =>
    createHash('sha256')
      .update(JSON.stringify(await tables.dumpTarget()))
      .digest('hex');
  const run = () => {
    const result = runCli(['run', 'copy', '--json', '--spec', spec()]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return (JSON.parse(result.stdout) as { runs: { id: string; written: number }[] }).runs[0];
  };

  beforeAll(async () => {
    work = makeTempDir(`rollback-${kind}`);
    tables = await open();
    writeFileSync(
      spec(),
      `version: 1
project: { name: rollback on ${kind} }
systems:
  src: { kind: ${kind}, connection: ${tables.connection} }
  dst: { kind: ${kind}, connection: ${tables.connection} }
flows:
  copy:
    from: { system: src, table: items, key: id, cursor: updated_at, batchSize: 7 }
    to: { system: dst, table: items_copy, key: id, mode: upsert }
    rollback: journal
    fields:
      - { from: id, to: id }
      - { from: name, to: name }
      - { from: amount, to: amount }
      - { from: active, to: active }
      - { from: born, to: born }
      - { from: attributes, to: attributes }
      - { from: updated_at, to: updated_at }
`,
    );
  }, 60_000);
  afterAll(async () => {
    await tables?.close();
    work?.remove();
  });

  it('restores the exact prior state of an upsert run that updated and inserted records', async () => {
    const beforeRows = await tables.dumpTarget();
    const before = await checksum();
    const first = run();
    // Ids 11..20 existed (updated), 21..40 did not (inserted); 1..10 are not in the source.
    expect(first?.written).toBe(30);
    expect(await checksum()).not.toBe(before);

    const done = runCli(['rollback', first?.id ?? '', '--spec', spec()]);
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('restores 30 records');
    expect(await tables.dumpTarget()).toEqual(beforeRows);
    expect(await checksum()).toBe(before);
  });

  it('restores the state between two runs when the second is rolled back', async () => {
    // The rollback left the checkpoint where it was: read the source from the start again.
    expect(runCli(['reset', 'copy', '--spec', spec()]).status).toBe(0);
    run();
    const afterFirst = await checksum();
    await tables.changeSource();
    const second = run();
    expect(second?.written).toBeGreaterThan(0);
    expect(await checksum()).not.toBe(afterFirst);
    const done = runCli(['rollback', second?.id ?? '', '--spec', spec()]);
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(await checksum()).toBe(afterFirst);
  });
});
