import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

/**
 * Finds where a spec path is written in its file. For a path that exists it points at the value
 * (or at the key with `target: 'key'`, used for unknown and badly named keys); for a path that
 * does not exist (a missing key) it points at the nearest parent that does.
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
