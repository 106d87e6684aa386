import type { Command } from 'commander';
import { loadKeyring } from '../../secrets/master-keyring.js';
import { checkSecretName, rotateStoredSecrets, setStoredSecret } from '../../secrets/stored-secrets.js';
import { CliExit, exitCode } from '../exit-code.js';
import { createOutput, formatTable } from '../output.js';
import { readSecretInput } from '../read-secret-input.js';
import { recordCliAction } from '../record-cli-action.js';
import { withStateStore } from '../with-state-store.js';

/**
 * `syncline secrets`: connection credentials kept encrypted in the state store (AES-256-GCM
 * under the master key), used in the spec as `${secret:NAME}`. Values are never printed.
 */
export function secretsCommand(program: Command): void {
  const group = program
    .command('secrets')
    .description('credentials stored encrypted in the state store, used in the spec as ${secret:NAME}');
  const specOf = () => program.opts<{ spec: string }>().spec;

  group
    .command('set')
    .description('store (or replace) a secret; the value is read from stdin, never an argument')
    .argument('<name>', 'secret name, e.g. crm-db-password')
    .option('--value-file <path>', 'read the value from this file instead of stdin')
    .action(async (name: string, options: { valueFile?: string }) => {
      checkSecretName(name);
      const keyring = loadKeyring(process.env);
      const value = await readSecretInput('secret value', { file: options.valueFile });
      await withStateStore(specOf(), async (store) => {
        await setStoredSecret(store.access, name, value, keyring, new Date().toISOString());
        await recordCliAction(store, {
          action: 'secret.set',
          target: name,
          detail: { keyId: keyring.current.id },
        });
      });
      createOutput().line(
        `stored ${name} (key ${keyring.current.id}); use it in the spec as \${secret:${name}}`,
      );
    });

  group
    .command('list')
    .description('stored secret names, their key ids and when they were set (never the values)')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const secrets = await withStateStore(specOf(), (store) => store.access.listSecrets());
      const shown = secrets.map(({ name, keyId, updatedAt }) => ({ name, keyId, updatedAt }));
      if (options.json) return out.json({ secrets: shown });
      if (shown.length === 0) return out.line('no stored secrets');
      out.line(
        formatTable(
          ['name', 'key', 'set'],
          shown.map((s) => [s.name, s.keyId, s.updatedAt]),
        ),
      );
    });

  group
    .command('remove')
    .description('delete a stored secret')
    .argument('<name>', 'secret name')
    .action(async (name: string) => {
      await withStateStore(specOf(), async (store) => {
        if (!(await store.access.removeSecret(name))) {
          throw new CliExit(exitCode.usage, `no stored secret named "${name}" (see syncline secrets list)`);
        }
        await recordCliAction(store, { action: 'secret.remove', target: name });
      });
      createOutput().line(`removed ${name}`);
    });

  group
    .command('rotate')
    .description('re-encrypt every stored secret under the current (first) key of SYNCLINE_MASTER_KEYS')
    .action(async () => {
      const keyring = loadKeyring(process.env);
      const count = await withStateStore(specOf(), async (store) => {
        const rotated = await rotateStoredSecrets(store.access, keyring, new Date().toISOString());
        await recordCliAction(store, {
          action: 'secret.rotate',
          detail: { keyId: keyring.current.id, rotated },
        });
        return rotated;
      });
      createOutput().line(
        `re-encrypted ${count} secret${count === 1 ? '' : 's'} under key ${keyring.current.id}; older keys can be dropped from the keyring now`,
      );
    });
}
