import type { SpecPath } from './spec-problem.js';

/**
 * Calls `visit` for every value in a parsed spec that is not a list or a block of keys, with
 * its path. `skip` leaves out whole subtrees (lookup tables hold business data, not settings).
 */
export function walkLeaves(
  value: unknown,
  visit: (value: unknown, path: SpecPath) => void,
  skip: (path: SpecPath) => boolean = () => false,
  path: (string | number)[] = [],
): void {
  if (path.length > 0 && skip(path)) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walkLeaves(item, visit, skip, [...path, index]);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walkLeaves(item, visit, skip, [...path, key]);
  } else {
    visit(value, path);
  }
}
