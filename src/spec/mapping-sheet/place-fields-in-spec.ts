import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, type Pair, parseDocument, type YAMLMap } from 'yaml';
import type { FieldSpec } from '../schema.js';

export type PlaceFieldsResult =
  | {
      readonly ok: true;
      readonly text: string;
      /** What the fields took the place of. */
      readonly replaced: 'mapping' | 'fields' | 'nothing';
    }
  | { readonly ok: false; readonly reason: string };

/** Longest line written as `- { from: a, to: b }`; longer fields are written as blocks. */
const flowLineWidth = 110;
const keyOrder = ['from', 'value', 'to', 'transform', 'validate', 'onInvalid', 'default', 'notes', 'extra'];

/**
 * Writes `fields` into spec text as the `fields:` of `flow`, in place of its `mapping:` (or its
 * old `fields:`), and changes nothing else in the file: not a comment, not a blank line. Only
 * the text of that one key is replaced; the yaml Document API finds where it is and writes
 * the new fields. The result is parsed again and compared, so a slip cannot go unnoticed.
 */
export function placeFieldsInSpec(
  source: string,
  flow: string,
  fields: readonly FieldSpec[],
): PlaceFieldsResult {
  const doc = parseDocument(source, { prettyErrors: false });
  if (doc.errors.length > 0)
    return { ok: false, reason: `the spec is not valid YAML: ${doc.errors[0]?.message}` };
  const node = doc.getIn(['flows', flow], true);
  if (!isMap(node)) return { ok: false, reason: `there is no flow ${JSON.stringify(flow)} under flows:` };
  const ordered = fields.map(orderKeys);
  const pairs = node.items as Pair[];
  const mapping = pairs.find((pair) => keyOf(pair) === 'mapping');
  const old = pairs.find((pair) => keyOf(pair) === 'fields');
  if (mapping && old)
    return { ok: false, reason: `flow ${flow} has both mapping: and fields:; remove one first` };

  const text = node.flow
    ? rewriteWhole(doc, flow, ordered)
    : spliceFields(source, node, mapping ?? old, ordered);
  if (text === undefined)
    return { ok: false, reason: `flow ${flow} is written in a way syncline cannot edit` };

  // Read back: the flow has exactly these fields and no mapping:, and nothing else changed.
  const before = doc.toJS() as { flows: Record<string, Record<string, unknown>> };
  const { mapping: _mapping, ...rest } = before.flows[flow] ?? {};
  const intended = { ...before, flows: { ...before.flows, [flow]: { ...rest, fields: plain(fields) } } };
  const isSame = isDeepStrictEqual(parseDocument(text).toJS(), intended);
  if (!isSame)
    return { ok: false, reason: 'the edited spec did not read back as intended; it was not written' };
  return { ok: true, text, replaced: mapping ? 'mapping' : old ? 'fields' : 'nothing' };
}

/** Values as YAML gives them back: no undefined keys. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function orderKeys(field: FieldSpec): Record<string, unknown> {
  const source = field as Readonly<Record<string, unknown>>;
  return Object.fromEntries(
    keyOrder.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]),
  );
}

/** Replaces the text of one `key: value` of a block map (or adds `fields:` after its last key). */
function spliceFields(
  source: string,
  flow: YAMLMap,
  replaced: Pair | undefined,
  fields: readonly Record<string, unknown>[],
): string | undefined {
  const first = flow.items[0] as Pair | undefined;
  const keyStart = (replaced?.key as { range?: number[] } | undefined)?.range?.[0];
  const anchor = replaced ?? (flow.items.at(-1) as Pair | undefined);
  const valueRange = (anchor?.value as { range?: number[] } | null | undefined)?.range;
  const indentFrom = keyStart ?? (first?.key as { range?: number[] } | undefined)?.range?.[0];
  if (indentFrom === undefined || valueRange === undefined) return undefined;
  const lineStart = source.lastIndexOf('\n', indentFrom - 1) + 1;
  const indent = source.slice(lineStart, indentFrom);
  if (!/^ *$/.test(indent)) return undefined;
  const column = indent.length;

  // The value's own text ends before the line break and blank lines a block value includes.
  let end = valueRange[1] as number;
  while (end > 0 && /\s/.test(source[end - 1] as string)) end--;
  // A comment on the replaced line (`mapping: x.xlsx  # from finance`) stays, after `fields:`.
  const lineEnd = source.indexOf('\n', end) < 0 ? source.length : source.indexOf('\n', end);
  const rest = source.slice(end, lineEnd);
  const comment = replaced && /^\s*#/.test(rest) ? ` ${rest.trim()}` : '';
  const block = `fields:${comment}\n${renderFields(fields, column + 2)}`;
  if (replaced && keyStart !== undefined) {
    return source.slice(0, keyStart) + block + source.slice(comment ? lineEnd : end);
  }
  // No mapping: and no fields: yet: a new key after the last one, at the first key's column.
  return `${source.slice(0, lineEnd)}\n${' '.repeat(column)}${block}${source.slice(lineEnd)}`;
}

/**
 * The fields as a YAML block sequence, each line indented by `column`, without a final newline,
 * in the style of the examples: `- { from: a, to: [b, c], transform: "trim | lower" }` when
 * that fits on a line, else a block.
 */
function renderFields(fields: readonly Record<string, unknown>[], column: number): string {
  const doc = new Document();
  const pad = ' '.repeat(column);
  const items = fields.map((field) => {
    const item = doc.createNode(field);
    if (!isMap(item)) return `- ${render(item)}`;
    for (const pair of item.items) quoteSteps(pair);
    const line = `- ${renderFlow(item)}`;
    if (!line.includes('\n') && column + line.length <= flowLineWidth) return line;
    for (const pair of item.items) {
      if (isMap(pair.value)) pair.value.flow = true;
      if (isSeq(pair.value)) pair.value.flow = renderFlow(pair.value).length < flowLineWidth / 2;
    }
    return render(item)
      .split('\n')
      .map((text, index) => (index === 0 ? `- ${text}` : text === '' ? text : `  ${text}`))
      .join('\n');
  });
  return items
    .join('\n')
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

const renderOptions = { lineWidth: 0, flowCollectionPadding: false } as const;

function render(node: unknown): string {
  return new Document(node).toString(renderOptions).trimEnd();
}

/** A node on one line, the examples' way: `{ a: 1, b: [x, y] }`. */
function renderFlow(node: unknown): string {
  if (isMap(node)) {
    const pairs = node.items.map((pair) => `${renderFlow(pair.key)}: ${renderFlow(pair.value)}`);
    return pairs.length === 0 ? '{}' : `{ ${pairs.join(', ')} }`;
  }
  if (isSeq(node)) return `[${node.items.map(renderFlow).join(', ')}]`;
  // A scalar as written inside a flow collection, where `,` and `: ` need quotes.
  const list = new Document([node]);
  if (isSeq(list.contents)) list.contents.flow = true;
  return list.toString(renderOptions).trim().slice(1, -1);
}

/** Steps with spaces read better quoted, as in the docs; regular expressions in single quotes. */
function quoteSteps(pair: Pair): void {
  const key = keyOf(pair);
  if (key !== 'transform' && key !== 'validate') return;
  const scalars = isSeq(pair.value) ? pair.value.items : [pair.value];
  for (const scalar of scalars) {
    if (!isScalar(scalar) || typeof scalar.value !== 'string' || !/\s/.test(scalar.value)) continue;
    scalar.type = scalar.value.includes('\\') ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
  }
}

/** A flow written as `{ ... }` has no lines of its own to replace; the document is written anew. */
function rewriteWhole(doc: Document, flow: string, fields: readonly Record<string, unknown>[]): string {
  doc.deleteIn(['flows', flow, 'mapping']);
  doc.setIn(['flows', flow, 'fields'], doc.createNode(fields));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
