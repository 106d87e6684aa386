import type { Command } from 'commander';
import { issueToken } from '../../server/auth/api-token.js';
import { parseRole } from '../../server/auth/role.js';
import { CliExit, exitCode } from '../exit-code.js';
import { createOutput, formatTable } from '../output.js';
import { recordCliAction } from '../record-cli-action.js';
import { withStateStore } from '../with-state-store.js';

/** `syncline tokens`: API tokens for scripts and monitoring (Authorization: Bearer sl_…). */
export function tokensCommand(program: Command): void {
  const group = program
    .command('tokens')
    .description('API tokens for scripts (sent as Authorization: Bearer sl_...); stored hashed');
  const specOf = () => program.opts<{ spec: string }>().spec;

  group
    .command('create')
    .description('create a token and print it once (it cannot be shown again)')
    .argument('<name>', 'what the token is for, e.g. grafana or deploy-script')
    .requiredOption('--role <role>', 'viewer, operator or admin')
    .option('--json', 'print {id, name, role, token} as JSON')
    .action(async (name: string, options: { role: string; json?: boolean }) => {
      const out = createOutput();
      if (!/^[A-Za-z0-9._@-]{1,100}$/.test(name)) {
        throw new CliExit(exitCode.usage, `"${name}" is not a valid token name: letters, digits, . _ @ -`);
      }
      const role = parseRole(options.role);
      const issued = issueToken();
      await withStateStore(specOf(), async (store) => {
        await store.access.addToken({
          id: issued.id,
          name,
          role,
          hash: issued.hash,
          createdAt: new Date().toISOString(),
        });
        await recordCliAction(store, {
          action: 'token.create',
          target: `${issued.id} (${name})`,
          detail: { role },
        });
      });
      if (options.json) return out.json({ id: issued.id, name, role, token: issued.token });
      out.error(`created ${issued.id} "${name}" (${role}); copy the token now, it is not shown again:`);
      out.line(issued.token);
    });

  group
    .command('list')
    .description('tokens, their roles and when they were last used (never the tokens themselves)')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const tokens = await withStateStore(specOf(), (store) => store.access.listTokens());
      if (options.json) return out.json({ tokens });
      if (tokens.length === 0) return out.line('no tokens');
      out.line(
        formatTable(
          ['id', 'name', 'role', 'created', 'last used', 'revoked'],
          tokens.map((t) => [t.id, t.name, t.role, t.createdAt, t.lastUsedAt ?? '', t.revokedAt ?? '']),
        ),
      );
    });

  group
    .command('revoke')
    .description('revoke a token by id, or every live token with this name')
    .argument('<id-or-name>', 'token id (tok-...) or name')
    .action(async (idOrName: string) => {
      const revoked = await withStateStore(specOf(), async (store) => {
        const count = await store.access.revokeToken(idOrName, new Date().toISOString());
        if (count > 0)
          await recordCliAction(store, { action: 'token.revoke', target: idOrName, detail: { count } });
        return count;
      });
      if (revoked === 0) {
        throw new CliExit(
          exitCode.usage,
          `no live token with id or name "${idOrName}" (see syncline tokens list)`,
        );
      }
      createOutput().line(`revoked ${revoked} token${revoked === 1 ? '' : 's'}`);
    });
}
