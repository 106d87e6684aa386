import type { Stage } from './stage.js';

/**
 * A problem with one record or one spec field: a value, collected, never thrown one by one.
 * `path` names the field (`email`, `flows.crm-to-erp.fields[3].transform`).
 */
export interface Issue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  readonly stage?: Stage;
}

export function issue(code: string, path: string, message: string, extra: Partial<Issue> = {}): Issue {
  return { code, path, message, ...extra };
}

/**
 * Transforms return either a value or an Issue. A plain object could look like an Issue,
 * so record-level issues are branded: only `recordIssue` makes one.
 */
const issueBrand = Symbol('syncline.issue');

export function isIssue(value: unknown): value is Issue {
  return (
    typeof value === 'object' && value !== null && (value as { [issueBrand]?: true })[issueBrand] === true
  );
}

export function recordIssue(code: string, path: string, message: string, extra: Partial<Issue> = {}): Issue {
  return Object.freeze({ code, path, message, ...extra, [issueBrand]: true }) as Issue;
}
