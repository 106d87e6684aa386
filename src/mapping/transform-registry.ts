import type { TransformDefinition } from './transform.js';
import { defaultTransform } from './transforms/default.js';
import { formatDateTransform } from './transforms/format-date.js';
import { joinTransform } from './transforms/join.js';
import { lookupTransform } from './transforms/lookup.js';
import { lowerTransform } from './transforms/lower.js';
import { splitNameTransform } from './transforms/split-name.js';
import { trimTransform } from './transforms/trim.js';
import { upperTransform } from './transforms/upper.js';

/** Every built-in transform. Adding one is a file under transforms/ and a line here. */
export const transforms: readonly TransformDefinition[] = [
  trimTransform,
  lowerTransform,
  upperTransform,
  defaultTransform,
  joinTransform,
  splitNameTransform,
  formatDateTransform,
  lookupTransform,
];

const byName: ReadonlyMap<string, TransformDefinition> = new Map(transforms.map((t) => [t.name, t]));

export function findTransform(name: string): TransformDefinition | undefined {
  return byName.get(name);
}
