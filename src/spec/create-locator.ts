import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export interface Position {
  /** 1-based; in a mapping sheet, the row. */
  readonly line: number;
  /** 1-based; in a mapping sheet, the column. */
  readonly col: number;
  /** Set when the place is in another file than the spec: a mapping sheet, as messages name it. */
  readonly file?: string;
  /** The sheet cell (`C7`), for a place in a mapping sheet. */
  readonly cell?: string;
}

/**
 * Finds where a spec path is written in its file. For a path that exists it points at the value
 * (or at the key with `target: 'key'`, used for unknown and badly named keys); for a path that
 * does not exist (a missing key) it points at the nearest parent that does. The fields of a
 * flow that runs from a mapping sheet are in the sheet: their paths point at its cells
 * (see withMappingSheets).
 */
export interface Locator {
  (path: readonly (string | number)[], target?: 'key' | 'value'): Position;
  /** The file the positions are in, as the user named it. */
  readonly file: string;
}

const fileStart: Position = { line: 1, col: 1 };

export function createLocator(file: string, doc: Document, lineCounter: LineCounter): Locator {
  const at = (node: unknown): Position | undefined => {
    const range = (node as Node | null)?.range;
    if (!range) return undefined;
    return lineCounter.linePos(range[0]);
  };

  const locate = (path: readonly (string | number)[], target: 'key' | 'value' = 'value'): Position => {
    let node: unknown = doc.contents;
    let nodePosition = at(node) ?? fileStart;
    // Where the current node is named: its key in the parent mapping, if it has one.
    let keyPosition: Position | undefined;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc);
      const pair = isMap(node)
        ? node.items.find((item) => isPair(item) && keyText(item.key) === String(segment))
        : undefined;
      const child = isSeq(node) && typeof segment === 'number' ? node.items[segment] : pair?.value;
      // A missing key belongs to its parent; the parent's key line reads best ("project:").
      if (pair === undefined && child === undefined) return keyPosition ?? nodePosition;
      keyPosition = pair ? at(pair.key) : undefined;
      if (index === path.length - 1 && target === 'key' && keyPosition) return keyPosition;
      // An empty value (`owner:` with nothing after it) has no text of its own; its key is the place.
      nodePosition = (isEmptyScalar(child) ? undefined : at(child)) ?? keyPosition ?? nodePosition;
      node = child;
    }
    return nodePosition;
  };
  return Object.assign(locate, { file });
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.range?.[0] ?? 0) === (node.range?.[1] ?? 0);
}

/**
 * A locator that sends `flows.NAME.fields...` of flows mapped by a sheet to that sheet's cells
 * (`fields[3].transform` -> the transformation cell of the fourth mapping row) and every other
 * path to the spec.
 */
export function withMappingSheets(
  locate: Locator,
  sheets: ReadonlyMap<string, (rest: readonly (string | number)[]) => Position>,
): Locator {
  if (sheets.size === 0) return locate;
  const located = (path: readonly (string | number)[], target?: 'key' | 'value'): Position => {
    const [section, flow, key, ...rest] = path;
    const inSheet = section === 'flows' && key === 'fields' ? sheets.get(String(flow)) : undefined;
    return inSheet ? inSheet(rest) : locate(path, target);
  };
  return Object.assign(located, { file: locate.file });
}
