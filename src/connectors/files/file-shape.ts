import type { TableShape } from '../../core/table-shape.js';
import { normaliseCharset } from '../../engine/target-limits/charset-check.js';

/** A written file: no column limits, but every text must fit the file's encoding. */
export function fileShape(file: string, encoding: string): TableShape {
  const charset = normaliseCharset(encoding);
  return {
    name: file,
    kind: 'file',
    columns: [],
    primaryKey: [],
    ...(charset === undefined ? {} : { charset }),
  };
}
