import { type Issue, issue } from '../core/issue.js';
import type { LookupTable } from '../spec/schema.js';
import { suggestName } from './suggest-name.js';
import type { CompileContext } from './transform.js';

/**
 * A table named under `lookups:`, or the compile issue that explains why there is none:
 * misspelt (with a suggestion), or read from a file that was not loaded.
 */
export type FoundTable =
  | { readonly ok: true; readonly table: LookupTable }
  | { readonly ok: false; readonly issue: Issue };

export function findTable(name: string, context: CompileContext): FoundTable {
  const table = context.lookups[name];
  if (table !== undefined) return { ok: true, table };
  return { ok: false, issue: missingTable(name, context) };
}

function missingTable(name: string, context: CompileContext): Issue {
  const file = context.unloadedLookups?.get(name);
  if (file !== undefined) {
    return issue(
      'lookup-not-loaded',
      '',
      `lookup table "${name}" is read from ${file}, which was not loaded`,
      {
        hint: 'load file tables with loadLookupTables before compiling the mapping',
      },
    );
  }
  const names = [...Object.keys(context.lookups), ...(context.unloadedLookups?.keys() ?? [])];
  const suggestion = suggestName(name, names);
  return issue(
    'unknown-lookup',
    '',
    `no lookup table "${name}" under lookups:${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    {
      hint:
        names.length > 0
          ? `tables defined: ${names.join(', ')}`
          : 'define it under lookups: at the top of the spec',
    },
  );
}
