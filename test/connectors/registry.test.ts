import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectors, findConnector } from '../../src/connectors/registry.js';

describe('connector registry', () => {
  it('lists each kind once and finds it; manual is not a connector', () => {
    const kinds = connectors.map((c) => c.kind);
    expect(kinds).toEqual([
      'sqlite',
      'files',
      'postgres',
      'mysql',
      'http',
      'amqp',
      'nats',
      'mqtt',
      'webhook',
    ]);
    expect(findConnector('files')?.kind).toBe('files');
    expect(findConnector('manual')).toBeUndefined();
  });

  it('has schemas that turn into JSON Schema for editors', () => {
    for (const connector of connectors) {
      expect(connector.summary.length).toBeGreaterThan(10);
      for (const schema of [connector.config, connector.source?.options, connector.target?.options]) {
        if (schema === undefined) continue;
        const json = z.toJSONSchema(schema, { io: 'input' }) as { additionalProperties?: unknown };
        expect(json.additionalProperties).toBe(false);
      }
      // mirror is upsert per batch plus deletes at the end: a target offering it offers both.
      if (connector.target?.modes.includes('mirror')) {
        expect(connector.target.modes).toEqual(expect.arrayContaining(['upsert', 'delete']));
      }
    }
  });

  it('says before opening whether a source continues from its checkpoint each run', () => {
    const incremental = (kind: string, options: unknown) => {
      const source = findConnector(kind)?.source;
      if (source === undefined) throw new Error(`${kind} has no source`);
      return source.isIncremental(source.options.parse(options));
    };
    expect(incremental('sqlite', { table: 't' })).toBe(false);
    expect(incremental('sqlite', { table: 't', cursor: 'updated_at' })).toBe(true);
    expect(incremental('files', { file: 'a.csv' })).toBe(false);
    expect(incremental('files', { file: 'a.csv', follow: true })).toBe(true);
    expect(incremental('http', { path: '/customers' })).toBe(false);
    expect(incremental('http', { path: '/customers', cursor: 'updated_at' })).toBe(true);
    // A broker (or a sender) keeps the position: every run takes only what is new.
    expect(incremental('amqp', { queue: 'q' })).toBe(true);
    expect(incremental('nats', { stream: 's', consumer: 'c' })).toBe(true);
    expect(incremental('mqtt', { topic: 't', clientId: 'c' })).toBe(true);
    expect(incremental('webhook', {})).toBe(true);
  });

  it('loads no network driver until a system is opened', () => {
    // What a run loads before it opens anything: the registry, the spec checker and the engine.
    // The built files are what `syncline run` loads (the test setup builds them).
    const script = `import { createRequire } from 'node:module';
      await import('./dist/connectors/registry.js');
      await import('./dist/engine/check-project.js');
      await import('./dist/engine/run-flow.js');
      const loaded = Object.keys(createRequire(import.meta.url).cache)
        .map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1]);
      console.log(JSON.stringify([...new Set(loaded)]));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const packages = JSON.parse(child.stdout) as string[];
    for (const driver of [
      'pg',
      'pg-cursor',
      'pg-copy-streams',
      'mysql2',
      'amqplib',
      'mqtt',
      'undici',
      'exceljs',
    ]) {
      expect(packages, driver).not.toContain(driver);
    }
  });
});
