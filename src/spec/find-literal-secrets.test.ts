import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { createLocator } from './create-locator.js';
import { findLiteralSecrets, isSecretKey, looksLikeSecretText } from './find-literal-secrets.js';
import { formatSpecProblem } from './spec-problem.js';

function find(lines: string[]) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.join('\n'), { lineCounter });
  return findLiteralSecrets(doc.toJS(), createLocator('spec.yaml', doc, lineCounter));
}

describe('findLiteralSecrets', () => {
  it('reports a secret under a secret-named key, at the value, without showing it', () => {
    const problems = find(['systems:', '  crm:', '    connection:', '      password: hunter2']);
    expect(problems).toEqual([
      {
        file: 'spec.yaml',
        line: 4,
        col: 17,
        path: 'systems.crm.connection.password',
        code: 'literal-secret',
        message: 'a secret (password) is written in the spec as plain text, so it ends up in version control',
        hint: 'use ${env:NAME} or ${file:path} instead, e.g. password: ${env:CRM_PASSWORD}',
      },
    ]);
  });

  it('recognises the usual spellings of secret keys', () => {
    const keys = [
      'passwd',
      'pwd',
      'secret',
      'token',
      'apiKey',
      'api_key',
      'api-key',
      'privateKey',
      'clientSecret',
    ];
    const lines = [
      'systems:',
      '  crm:',
      '    connection:',
      ...keys.map((key) => `      ${key}: value-${key}`),
    ];
    expect(
      find([...lines, '      credentials: value-credentials', '      db_password: 123456']).map(
        (p) => p.path,
      ),
    ).toEqual([
      ...keys.map((key) => `systems.crm.connection.${key}`),
      'systems.crm.connection.credentials',
      'systems.crm.connection.db_password',
    ]);
  });

  it('accepts references, empty values and keys that only mention a secret', () => {
    const problems = find([
      'systems:',
      '  crm:',
      '    connection:',
      '      password: ${env:CRM_PASSWORD}',
      '      token: " ${file:secrets/token.txt} "',
      '      apiKey: ""',
      '      tokenUrl: https://login.example.com/token',
      '      passwordFile: secrets/crm.txt',
      '      url: postgres://sync:${env:CRM_PASSWORD}@crm.internal/crm',
      '      other: postgres://sync@crm.internal/crm',
      'lookups:',
      '  words: { password: Passwort }',
    ]);
    expect(problems).toEqual([]);
  });

  it('reports a value that is only partly a reference', () => {
    expect(find(['alerts:', '  ops:', '    token: Bearer ${env:X}']).map((p) => p.path)).toEqual([
      'alerts.ops.token',
    ]);
  });

  it('reports passwords in URLs, token parameters and Slack webhooks', () => {
    const problems = find([
      'systems:',
      '  crm: { connection: { url: "postgres://sync:pw@crm/db" } }',
      '  api: { connection: { url: "https://api.example.com/v1?access_token=abc&x=1" } }',
      '  odbc: { connection: { dsn: "Server=db;User Id=sa;Password=abc;" } }',
      'alerts:',
      '  ops: { kind: slack, url: "https://hooks.slack.com/services/T000/B000/XXXX" }',
    ]);
    expect(problems.map((p) => [`${p.line}:${p.col}`, p.path, p.message])).toEqual([
      [
        '2:29',
        'systems.crm.connection.url',
        'this address contains a password written as plain text, so it ends up in version control',
      ],
      [
        '3:29',
        'systems.api.connection.url',
        'the access_token parameter here is written as plain text, so it ends up in version control',
      ],
      [
        '4:30',
        'systems.odbc.connection.dsn',
        'the Password parameter here is written as plain text, so it ends up in version control',
      ],
      [
        '6:28',
        'alerts.ops.url',
        'a Slack webhook address contains its secret token, so it ends up in version control',
      ],
    ]);
    expect(problems[0]?.hint).toBe(
      'use ${env:NAME} or ${file:path} instead, e.g. postgres://user:${env:CRM_PASSWORD}@host/...',
    );
  });

  it('never puts the secret into a problem', () => {
    const secrets = ['hunter2', 's3cret-pw', 'tok-123', 'XXXX-slack'];
    const problems = find([
      'systems:',
      `  crm: { connection: { password: ${secrets[0]}, url: "mysql://u:${secrets[1]}@h/db?token=${secrets[2]}" } }`,
      `alerts: { ops: { kind: slack, url: "https://hooks.slack.com/services/T0/B0/${secrets[3]}" } }`,
    ]);
    expect(problems).toHaveLength(3);
    const text = problems.map((p) => `${formatSpecProblem(p)} ${JSON.stringify(p)}`).join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe('isSecretKey', () => {
  it('matches keys ending in a secret word, whatever the case and separators', () => {
    expect(
      ['PASSWORD', 'Client_Secret', 'access-token', 'sshPrivateKey', 'passphrase'].every(isSecretKey),
    ).toBe(true);
    expect(['tokenUrl', 'passwordFile', 'secretName', 'url', 'user'].some(isSecretKey)).toBe(false);
  });
});

describe('looksLikeSecretText', () => {
  it('spots text that carries a password of its own', () => {
    expect(looksLikeSecretText('postgres://u:pw@h/db')).toBe(true);
    expect(looksLikeSecretText('postgres://${env:U}:${env:PW}@h/db')).toBe(false);
    expect(looksLikeSecretText('postgres://u@h/db')).toBe(false);
    expect(looksLikeSecretText('just text: with a colon @ and at')).toBe(false);
  });
});
