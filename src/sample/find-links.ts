import { IntegrationError } from '../core/integration-error.js';

/** A sampled table as far as linking goes: its name, columns and primary key. */
export interface LinkableTable {
  /** `crm.Customer`, as named on the command line. */
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
}

/** Child rows are sampled when `column` holds a `parentColumn` value of a sampled parent row. */
export interface Link {
  readonly child: string;
  readonly column: string;
  readonly parent: string;
  readonly parentColumn: string;
  readonly by: 'name' | 'option';
}

/**
 * Links between the sampled tables: those given with --link CHILD.COLUMN=PARENT.COLUMN, and a
 * child column named like a parent's one-column primary key (Invoice.CustomerId ->
 * Customer.CustomerId, orders.customer_id -> customer.id).
 */
export function findLinks(tables: readonly LinkableTable[], given: readonly string[]): Link[] {
  const links = given.map((text) => parseLink(text, tables));
  for (const child of tables) {
    if (links.some((link) => link.child === child.name)) continue;
    for (const parent of tables) {
      if (parent === child || parent.primaryKey.length !== 1) continue;
      const key = parent.primaryKey[0] ?? '';
      const bare = parent.table.slice(parent.table.lastIndexOf('.') + 1).toLowerCase();
      // customers.id is referenced as customer_id or customerid, customer.id as customer_id.
      const singular = bare.endsWith('s') ? bare.slice(0, -1) : bare;
      const names =
        key.toLowerCase() === 'id'
          ? [...new Set([bare, singular])].flatMap((n) => [`${n}_id`, `${n}id`])
          : [key.toLowerCase()];
      const column = child.columns.find((c) => names.includes(c.toLowerCase()));
      const ownKey = child.primaryKey.length === 1 && child.primaryKey[0] === column;
      if (column && !ownKey)
        links.push({ child: child.name, column, parent: parent.name, parentColumn: key, by: 'name' });
    }
  }
  return links;
}

/**
 * The tables in an order where every parent comes before its children; a link that would close
 * a cycle is dropped (its child is then sampled on its own).
 */
export function orderByLinks(
  tables: readonly LinkableTable[],
  links: readonly Link[],
): { order: string[]; links: Link[] } {
  const order: string[] = [];
  const kept: Link[] = [];
  const remaining = tables.map((t) => t.name);
  while (remaining.length > 0) {
    const ready =
      remaining.find((name) =>
        links.every((l) => l.child !== name || l.parent === name || order.includes(l.parent)),
      ) ?? (remaining[0] as string);
    kept.push(...links.filter((l) => l.child === ready && order.includes(l.parent)));
    order.push(ready);
    remaining.splice(remaining.indexOf(ready), 1);
  }
  return { order, links: kept };
}

function parseLink(text: string, tables: readonly LinkableTable[]): Link {
  const [childSide, parentSide, extra] = text.split('=');
  const child = childSide === undefined ? undefined : findColumn(childSide, tables);
  const parent = parentSide === undefined ? undefined : findColumn(parentSide, tables);
  if (extra !== undefined || child === undefined || parent === undefined || child.table === parent.table)
    throw new IntegrationError(
      `--link ${text}: write CHILD.COLUMN=PARENT.COLUMN with two of the sampled tables, e.g. Invoice.CustomerId=Customer.CustomerId`,
      {
        kind: 'config',
        code: 'sample-link-invalid',
        hint: `sampled: ${tables.map((t) => t.name).join(', ')}`,
      },
    );
  return {
    child: child.table.name,
    column: child.column,
    parent: parent.table.name,
    parentColumn: parent.column,
    by: 'option',
  };
}

/** `Invoice.CustomerId` or `crm.Invoice.CustomerId`: a sampled table and one of its columns. */
function findColumn(
  text: string,
  tables: readonly LinkableTable[],
): { table: LinkableTable; column: string } | undefined {
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const [tableName, column] = [text.slice(0, dot).trim(), text.slice(dot + 1).trim()];
  const table = tables.find((t) => t.name === tableName || t.table === tableName);
  if (table === undefined) return undefined;
  if (table.columns.length > 0 && !table.columns.includes(column))
    throw new IntegrationError(`--link ${text}: ${table.name} has no column "${column}"`, {
      kind: 'config',
      code: 'sample-link-invalid',
      hint: `its columns: ${table.columns.join(', ')}`,
    });
  return { table, column };
}
