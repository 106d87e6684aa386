import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { openFilesSource } from '../../src/connectors/files/files-source.js';
import { filesSourceOptions } from '../../src/connectors/files/files-source-options.js';
import type { Source } from '../../src/core/connector.js';
import type { Batch, Checkpoint } from '../../src/core/row.js';
import { never, readAll, tempDir } from './helpers.js';

const tmp = tempDir('files-pattern');
afterAll(tmp.cleanup);
let dir: string;
let folder = 0;

beforeEach(() => {
  folder++;
  dir = join(tmp.dir, `in${folder}`);
  mkdirSync(join(dir, 'drop'), { recursive: true });
});

const openSource = (options: Record<string, unknown>, batchSize = 2) =>
  openFilesSource(
    { system: 'drop', config: filesConfig.parse({ dir: `in${folder}` }), baseDir: tmp.dir },
    { options: filesSourceOptions.parse(options), key: [], batchSize },
  );
/** Writes a file that settled a minute ago (unless `fresh`). */
function put(name: string, content: string, fresh = false): void {
  writeFileSync(join(dir, name), content);
  if (!fresh) utimesSync(join(dir, name), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
}
const ids = (batches: readonly Batch[]) => batches.flatMap((b) => b.rows.map((r) => r.id));

/** Reads like the engine: each batch is acknowledged once handled (here: at once). */
async function readAcknowledging(source: Source, from?: Checkpoint, onBatch?: (batch: Batch) => void) {
  const batches: Batch[] = [];
  for await (const batch of source.read(from, never)) {
    onBatch?.(batch);
    batches.push(batch);
    await source.acknowledge?.(batch.checkpoint);
  }
  return batches;
}

describe('files source: patterns and archiving', () => {
  it('reads matching files in name order, skipping temp, hidden and unsettled files', async () => {
    put('drop/orders-10.csv', 'id\n10\n');
    put('drop/orders-02.csv', 'id\n3\n4\n5\n');
    put('drop/orders-01.csv', 'id\n1\n2\n');
    put('drop/orders-03.csv.part', 'id\n99\n');
    put('drop/orders-04.csv.tmp', 'id\n99\n');
    put('drop/orders-05.csv~', 'id\n99\n');
    put('drop/.orders-06.csv', 'id\n99\n');
    put('drop/orders-07.csv', 'id\n99\n', true);
    put('drop/other.csv', 'id\n99\n');
    const source = await openSource({ pattern: 'drop/orders-*.csv' });
    expect(source.incremental).toBe(false);
    const batches = await readAll(source);
    expect(ids(batches)).toEqual(['1', '2', '3', '4', '5', '10']);
    // A batch never spans two files.
    expect(batches.map((b) => b.rows.length)).toEqual([2, 2, 1, 1]);
    // settle: 0 takes the fresh file too.
    expect(ids(await readAll(await openSource({ pattern: 'drop/orders-0?.csv', settle: 0 })))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '99',
    ]);
    // An interrupted run resumes in the file it stopped in and skips the ones before.
    const resumed = await readAll(source, batches[2]?.checkpoint);
    expect(ids(resumed)).toEqual(['10']);
    const inSecond = await readAll(source, batches[1]?.checkpoint);
    expect(ids(inSecond)).toEqual(['5', '10']);
  });

  it('moves a file to the archive only after the batch holding its last record is acknowledged', async () => {
    put('a.csv', 'id\n1\n2\n3\n');
    put('b.csv', 'id\n4\n');
    put('empty.csv', 'id\n');
    const source = await openSource({ pattern: '*.csv', archive: 'processed' });
    const seen: string[] = [];
    const batches = await readAcknowledging(source, undefined, (batch) => {
      // Before this batch is acknowledged, its file is still in place.
      seen.push(
        `${ids([batch]).join('+') || '-'}:${readdirSync(dir)
          .filter((n) => n.endsWith('.csv'))
          .join(',')}`,
      );
    });
    expect(seen).toEqual([
      '1+2:a.csv,b.csv,empty.csv',
      '3:a.csv,b.csv,empty.csv',
      '4:b.csv,empty.csv',
      '-:empty.csv',
    ]);
    expect(batches.map((b) => (b.checkpoint as { complete?: boolean }).complete ?? false)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(readdirSync(join(dir, 'processed')).sort()).toEqual(['a.csv', 'b.csv', 'empty.csv']);
    // Nothing left to read.
    expect(await readAll(source)).toEqual([]);
    await source.close();
  });

  it('after a crash between the durable batch and the move, the next run moves the file without re-reading it', async () => {
    put('a.csv', 'id\n1\n2\n');
    put('b.csv', 'id\n3\n');
    const source = await openSource({ pattern: '*.csv', archive: 'done/' });
    // The run wrote a.csv's only batch, committed its checkpoint, and died before acknowledging.
    const [first] = await readAll(source);
    expect(existsSync(join(dir, 'a.csv'))).toBe(true);
    const batches = await readAcknowledging(source, first?.checkpoint);
    expect(batches.map((b) => b.rows.length)).toEqual([0, 1]);
    expect(readdirSync(join(dir, 'done')).sort()).toEqual(['a.csv', 'b.csv']);
    // Archiving makes the flow incremental: the next run goes on from the last checkpoint and
    // reads every file still there, even one named before the checkpoint's file, and a new
    // file under an archived name (another inode) from its start.
    expect(source.incremental).toBe(true);
    put('0.csv', 'id\n7\n');
    put('a.csv', 'id\n4\n');
    expect(ids(await readAcknowledging(source, batches.at(-1)?.checkpoint))).toEqual(['7', '4']);
    // A second file of the same name never overwrites the archived one.
    expect(readdirSync(join(dir, 'done')).sort()).toEqual(['0.csv', 'a.1.csv', 'a.csv', 'b.csv']);
  });

  it('does not move a file that was replaced after it was read', async () => {
    put('a.csv', 'id\n1\n');
    const source = await openSource({ pattern: '*.csv', archive: 'done' });
    const [batch] = await readAll(source);
    writeFileSync(join(dir, 'a.csv.new'), 'id\n2\n');
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'a.csv.new'), join(dir, 'a.csv'));
    await source.acknowledge?.(batch?.checkpoint ?? null);
    expect(existsSync(join(dir, 'a.csv'))).toBe(true);
    expect(existsSync(join(dir, 'done'))).toBe(false);
  });

  it('archives a single file: too, and refuses options that do not go together', async () => {
    put('one.csv', 'id\n1\n');
    const source = await openSource({ file: 'one.csv', archive: 'done' });
    expect(ids(await readAcknowledging(source))).toEqual(['1']);
    expect(readdirSync(join(dir, 'done'))).toEqual(['one.csv']);
    expect(filesSourceOptions.safeParse({ file: 'a.csv', pattern: '*.csv' }).success).toBe(false);
    expect(filesSourceOptions.safeParse({}).success).toBe(false);
    expect(filesSourceOptions.safeParse({ pattern: '*.csv', follow: true }).success).toBe(false);
    await expect(openSource({ pattern: 'in*/x.csv' }).then((s) => readAll(s))).rejects.toMatchObject({
      code: 'pattern-invalid',
    });
    await expect(openSource({ pattern: '../*.csv' }).then((s) => readAll(s))).rejects.toMatchObject({
      code: 'path-outside-dir',
    });
  });
});
