import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../core/integration-error.js';
import {
  hasSecretReference,
  isSecretReference,
  resolveSecrets,
  type SecretContext,
} from './resolve-secrets.js';

const files: Record<string, string> = { [path.resolve('/specs/secrets/crm.txt')]: 'file-secret\n' };

const context: SecretContext = {
  env: { CRM_USER: 'sync', CRM_PASSWORD: 'env-secret', EMPTY: '' },
  readFile: (file) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return text;
  },
  baseDir: '/specs',
  where: 'systems.crm.connection',
};

function thrown(fn: () => unknown): IntegrationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IntegrationError) return error;
    throw error;
  }
  throw new Error('expected an IntegrationError');
}

describe('resolveSecrets', () => {
  it('replaces references anywhere inside strings of a nested value, leaving the original alone', () => {
    const connection = {
      url: 'postgres://${env:CRM_USER}:${env:CRM_PASSWORD}@crm/db',
      password: '${file:secrets/crm.txt}',
      options: [{ key: '${env:EMPTY}' }, 5, true, null],
      plain: 'no references',
    };
    expect(resolveSecrets(connection, context)).toEqual({
      url: 'postgres://sync:env-secret@crm/db',
      password: 'file-secret',
      options: [{ key: '' }, 5, true, null],
      plain: 'no references',
    });
    expect(connection.url).toBe('postgres://${env:CRM_USER}:${env:CRM_PASSWORD}@crm/db');
  });

  it('resolves a string on its own', () => {
    expect(resolveSecrets('${env:CRM_USER}', context)).toBe('sync');
  });

  it('names the place and the variable of an unset reference, as a config error', () => {
    const error = thrown(() => resolveSecrets({ url: '${env:CRM_URL}' }, context));
    expect(error.kind).toBe('config');
    expect(error.code).toBe('secret-unresolved');
    expect(error.message).toBe(
      'systems.crm.connection.url uses ${env:CRM_URL}, but the environment variable CRM_URL is not set',
    );
    expect(error.hint).toBe('set the environment variables in the environment syncline runs in');
  });

  it('reports every unresolved reference at once, files with their full path', () => {
    const error = thrown(() =>
      resolveSecrets(
        { hosts: ['${env:A}'], password: '${file:missing.txt}', ok: '${env:CRM_USER}' },
        context,
      ),
    );
    expect(error.message).toBe(
      [
        '2 secret references cannot be resolved:',
        '  systems.crm.connection.hosts[0] uses ${env:A}, but the environment variable A is not set',
        `  systems.crm.connection.password uses \${file:missing.txt}, but the file ${path.resolve('/specs/missing.txt')} cannot be read (it does not exist)`,
      ].join('\n'),
    );
    expect(error.hint).toContain("relative paths start from the spec's folder");
  });

  it('never puts a secret value into the error', () => {
    const error = thrown(() =>
      resolveSecrets({ a: '${env:CRM_PASSWORD}', b: '${file:secrets/crm.txt}', c: '${env:NOPE}' }, context),
    );
    expect(`${error.message} ${error.hint}`).not.toMatch(/env-secret|file-secret/);
  });
});

describe('isSecretReference / hasSecretReference', () => {
  it('tells a whole reference from text that contains one', () => {
    expect(isSecretReference('${env:DB_PASSWORD}')).toBe(true);
    expect(isSecretReference(' ${file:secrets/db.txt} ')).toBe(true);
    expect(isSecretReference('postgres://u:${env:PW}@h')).toBe(false);
    expect(isSecretReference('${env:A}${env:B}')).toBe(false);
    expect(isSecretReference('${vault:x}')).toBe(false);
    expect(hasSecretReference('postgres://u:${env:PW}@h')).toBe(true);
    expect(hasSecretReference('plain $ {env:X}')).toBe(false);
  });
});
