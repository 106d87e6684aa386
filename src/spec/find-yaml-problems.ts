import { type Document, isMap, isScalar, isSeq, type LineCounter, visit, type YAMLError } from 'yaml';
import { formatPath, type SpecProblem } from './spec-problem.js';

/**
 * Turns the YAML parser's errors into located problems. `isFatal` tells whether the document
 * can still be checked: a duplicate key leaves a usable document, a syntax error does not
 * (checking a half-read file would report keys as missing that are merely unreadable).
 */
export function findYamlProblems(
  doc: Document,
  lineCounter: LineCounter,
  source: string,
  file: string,
): { problems: SpecProblem[]; isFatal: boolean } {
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  let isFatal = false;
  for (const error of doc.errors) {
    // A missing closing quote is reported just after the text it left open; the opening quote is the place to fix.
    const isUnclosed = error.code === 'MISSING_CHAR';
    const found = nodeAtOffset(doc.contents, isUnclosed ? Math.max(0, error.pos[0] - 1) : error.pos[0]);
    const offset = isUnclosed ? (found.start ?? error.pos[0]) : error.pos[0];
    const { line, col } = lineCounter.linePos(offset);
    const at = { file, line, col, path: formatPath(found.path) };
    if (error.code === 'DUPLICATE_KEY') {
      problems.push({
        ...at,
        code: 'duplicate-key',
        message: `${JSON.stringify(String(found.path.at(-1) ?? ''))} is written twice in the same block; only one of them would count`,
        hint: 'remove one of them, or merge their settings',
      });
      continue;
    }
    // One slip often confuses the parser for the rest of its line, or of the file. After the
    // first error, repeats and "unexpected ..." errors are echoes of it and would only bury it.
    const isEcho =
      seen.has(`line ${line}`) || seen.has(error.message) || (isFatal && error.code === 'UNEXPECTED_TOKEN');
    isFatal = true;
    seen.add(`line ${line}`).add(error.message);
    if (isEcho) continue;
    problems.push({ ...at, code: 'yaml-syntax', ...describeSyntaxError(error, sourceLine(source, line)) });
  }
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined || !alias.range) return;
      isFatal = true;
      const { line, col } = lineCounter.linePos(alias.range[0]);
      problems.push({
        file,
        line,
        col,
        path: formatPath(nodeAtOffset(doc.contents, alias.range[0]).path),
        code: 'yaml-syntax',
        message: `*${alias.source} refers to an anchor &${alias.source} that is not defined before it`,
        hint: `define &${alias.source} earlier in the file, or fix the name`,
      });
    },
  });
  return { problems, isFatal };
}

function describeSyntaxError(error: YAMLError, line: string): { message: string; hint?: string } {
  const prefix = 'the file is not valid YAML: ';
  if (error.code === 'TAB_AS_INDENT') {
    return {
      message: `${prefix}a tab is used for indentation`,
      hint: 'indent with spaces; YAML does not allow tabs',
    };
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return {
      message: `${prefix}it holds more than one document (a "---" line)`,
      hint: 'a spec is one document; remove the "---" line and what follows, or merge it',
    };
  }
  if (error.code === 'MISSING_CHAR' && error.message.includes('quote')) {
    return { message: `${prefix}a quote opened here is never closed`, hint: 'add the closing quote' };
  }
  const detail = plainYamlMessage(error.message);
  // `${env:X}` in `{ url: ${env:X} }` reads as the start of a nested block; quoting fixes it.
  if (/[:,[{]\s*\$\{/.test(line)) {
    return {
      message: `${prefix}${detail}`,
      hint: 'put quotes around secret references inside { } or [ ], e.g. { url: "${env:NAME}" }',
    };
  }
  return { message: `${prefix}${detail}`, hint: 'check the indentation, colons and quotes on this line' };
}

// The parser names tokens; people know them by their characters.
const tokenNames: [RegExp, string][] = [
  [/flow-map-start/g, '"{"'],
  [/flow-map-end/g, '"}"'],
  [/flow-seq-start/g, '"["'],
  [/flow-seq-end/g, '"]"'],
  [/map-value-ind/g, '":"'],
  [/seq-item-ind/g, '"-"'],
  [/\bscalar\b/g, 'text'],
  [/ token/g, ''],
  [/ at node end/g, ' after a value'],
  [/ in YAML stream/g, ''],
];

function plainYamlMessage(message: string): string {
  const plain = tokenNames.reduce((text, [pattern, name]) => text.replace(pattern, name), message);
  return plain.charAt(0).toLowerCase() + plain.slice(1);
}

/** The spec path and start offset of the deepest key or value that contains `offset`. */
function nodeAtOffset(node: unknown, offset: number): { path: (string | number)[]; start?: number } {
  const rangeOf = (inner: unknown) => (inner as { range?: [number, number, number] } | null)?.range;
  const contains = (inner: unknown) => {
    const range = rangeOf(inner);
    return range !== undefined && range[0] <= offset && offset < Math.max(range[1], range[2]);
  };
  const descend = (segment: string | number, child: unknown) => {
    const inner = nodeAtOffset(child, offset);
    return { path: [segment, ...inner.path], start: inner.start ?? rangeOf(child)?.[0] };
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (contains(pair.key)) return { path: [key], start: rangeOf(pair.key)?.[0] };
      if (contains(pair.value)) return descend(key, pair.value);
    }
  }
  if (isSeq(node)) {
    const index = node.items.findIndex(contains);
    if (index >= 0) return descend(index, node.items[index]);
  }
  return { path: [] };
}

function sourceLine(source: string, line: number): string {
  return source.split(/\r?\n/)[line - 1] ?? '';
}
