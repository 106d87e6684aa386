import type { WriteMode } from '../core/connector.js';
import { didYouMean } from '../core/did-you-mean.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Stage } from '../core/stage.js';

/**
 * The checks a SQL connector (sqlite, mysql) makes of a table against a flow's `from:` or `to:`
 * block when it opens, each a config error naming the system, the table and what to do. The
 * connector describes the table its own way, then asks here.
 */

/**
 * Checks that the named columns exist among `columns`, spelt as the table spells them: rows are
 * JavaScript objects, so `Name` and `name` differ there even though the database would accept
 * both. `role` names them in the message ('key column', 'cursor column').
 */
export function requireTableColumns(
  table: string,
  columns: readonly string[],
  system: string,
  names: readonly string[],
  role: string,
  stage: Stage,
): void {
  const known = new Set(columns);
  const missing = names.filter((n) => !known.has(n));
  if (missing.length === 0) return;
  const described = missing.map((n) => {
    const suggestion = didYouMean(n, columns);
    return suggestion ? `"${n}" (did you mean "${suggestion}"?)` : `"${n}"`;
  });
  throw new IntegrationError(
    `System "${system}", table "${table}": ${role}${missing.length > 1 ? 's' : ''} ${described.join(', ')} not found`,
    {
      kind: 'config',
      code: 'column-not-found',
      stage,
      hint: `Columns of "${table}": ${columns.join(', ')}.`,
    },
  );
}

/** Refuses a view as a target (`where` is `System "x", table "y"`): syncline writes to tables only. */
export function refuseView(where: string, isView: boolean): void {
  if (!isView) return;
  throw new IntegrationError(`${where} is a view; syncline writes to tables only`, {
    kind: 'config',
    code: 'target-is-view',
  });
}

/**
 * Refuses a write mode the connector does not have, and a mode that finds rows by key when there
 * is no key (the flow's `key:`, else the table's primary key). Returns whether the mode finds rows
 * by key, i.e. whether the key's columns and index are to be checked next. `where` is
 * `System "x", table "y"`.
 */
export function checkWriteMode(
  where: string,
  connector: string,
  modes: readonly WriteMode[],
  mode: WriteMode,
  key: readonly string[],
): boolean {
  if (!modes.includes(mode)) {
    throw new IntegrationError(`${where}: mode "${mode}" is not supported by the ${connector} connector`, {
      kind: 'config',
      code: 'mode-not-supported',
      stage: 'write',
      hint: `Use one of: ${modes.join(', ')}.`,
    });
  }
  if (mode === 'insert') return false;
  if (key.length === 0) {
    throw new IntegrationError(`${where} has no primary key, and mode "${mode}" needs one to find rows`, {
      kind: 'config',
      code: 'key-required',
      stage: 'write',
      hint: "Add `key:` to the flow's to: block.",
    });
  }
  return true;
}

/** An upsert or mirror by a key no unique index covers exactly, with the CREATE UNIQUE INDEX to add. */
export function uniqueKeyRequired(
  where: string,
  mode: WriteMode,
  table: string,
  key: readonly string[],
  quoteIdentifier: (name: string) => string,
): IntegrationError {
  return new IntegrationError(
    `${where}: ${mode} by (${key.join(', ')}) needs a unique index on exactly those columns`,
    {
      kind: 'config',
      code: 'unique-key-required',
      stage: 'write',
      hint: `Add one: CREATE UNIQUE INDEX ${quoteIdentifier(`${table}_${key.join('_')}_key`)} ON ${quoteIdentifier(table)} (${key.map(quoteIdentifier).join(', ')});`,
    },
  );
}
