import type { Command } from 'commander';
import { hashPassword } from '../../server/auth/password-hash.js';
import { parseRole } from '../../server/auth/role.js';
import type { StateStore } from '../../store/state-store.js';
import { CliExit, exitCode } from '../exit-code.js';
import { createOutput, formatTable } from '../output.js';
import { readSecretInput } from '../read-secret-input.js';
import { recordCliAction } from '../record-cli-action.js';
import { withStateStore } from '../with-state-store.js';

const namePattern = /^[A-Za-z0-9._@-]{1,100}$/;
const minPasswordLength = 12;

/** `syncline users`: the people who may log in to `syncline serve`, and their roles. */
export function usersCommand(program: Command): void {
  const group = program
    .command('users')
    .description('users who may log in to the dashboard and API (roles: viewer, operator, admin)');
  const specOf = () => program.opts<{ spec: string }>().spec;

  group
    .command('add')
    .description('add a user; the password is read from stdin (or typed, hidden), never an argument')
    .argument('<name>', 'user name (letters, digits, . _ @ -)')
    .requiredOption('--role <role>', 'viewer, operator or admin')
    .option('--password-file <path>', 'read the password from this file instead of stdin')
    .action(async (name: string, options: { role: string; passwordFile?: string }) => {
      checkName(name);
      const role = parseRole(options.role);
      const password = await readSecretInput('password', { file: options.passwordFile });
      if ([...password].length < minPasswordLength) {
        throw new CliExit(exitCode.usage, `the password must have at least ${minPasswordLength} characters`);
      }
      const passwordHash = await hashPassword(password);
      const at = new Date().toISOString();
      await withStateStore(specOf(), async (store) => {
        await store.access.addUser({ name, role, passwordHash, createdAt: at, updatedAt: at });
        await recordCliAction(store, { action: 'user.add', target: name, detail: { role } });
      });
      createOutput().line(`added ${name} (${role})`);
    });

  group
    .command('list')
    .description('the users and their roles')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput();
      const users = await withStateStore(specOf(), (store) => store.access.listUsers());
      const shown = users.map(({ name, role, createdAt, updatedAt }) => ({
        name,
        role,
        createdAt,
        updatedAt,
      }));
      if (options.json) return out.json({ users: shown });
      if (shown.length === 0) return out.line('no users yet: syncline users add NAME --role admin');
      out.line(
        formatTable(
          ['user', 'role', 'created'],
          shown.map((u) => [u.name, u.role, u.createdAt]),
        ),
      );
    });

  group
    .command('remove')
    .description('remove a user and end their sessions')
    .argument('<name>', 'user name')
    .action(async (name: string) => {
      await withStateStore(specOf(), async (store) => {
        await keepAnAdmin(store, name, 'remove');
        if (!(await store.access.removeUser(name))) throw unknownUser(name);
        await recordCliAction(store, { action: 'user.remove', target: name });
      });
      createOutput().line(`removed ${name}`);
    });

  group
    .command('set-role')
    .description("change a user's role")
    .argument('<name>', 'user name')
    .argument('<role>', 'viewer, operator or admin')
    .action(async (name: string, roleText: string) => {
      const role = parseRole(roleText);
      await withStateStore(specOf(), async (store) => {
        if (role !== 'admin') await keepAnAdmin(store, name, 'demote');
        if (!(await store.access.setUserRole(name, role, new Date().toISOString()))) throw unknownUser(name);
        await recordCliAction(store, { action: 'user.set-role', target: name, detail: { role } });
      });
      createOutput().line(`${name} is now ${role}`);
    });
}

function checkName(name: string): void {
  if (!namePattern.test(name)) {
    throw new CliExit(
      exitCode.usage,
      `"${name}" is not a valid user name: use up to 100 letters, digits, dot, underscore, @ or dash`,
    );
  }
}

/** The last admin stays: without one, nobody could manage users and serve would refuse to start. */
async function keepAnAdmin(store: StateStore, name: string, verb: string): Promise<void> {
  const user = await store.access.getUser(name);
  if (user?.role === 'admin' && (await store.access.countAdmins()) === 1) {
    throw new CliExit(
      exitCode.usage,
      `${name} is the only admin; add another admin before you ${verb} ${name}`,
    );
  }
}

function unknownUser(name: string): CliExit {
  return new CliExit(exitCode.usage, `there is no user named "${name}" (see syncline users list)`);
}
