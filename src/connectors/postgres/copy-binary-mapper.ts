import type { CopyTextMapper, CopyTextPlan } from '../../core/copy-text.js';
import { binaryFieldText, readInt32, takesTextAsBinary } from './copy-binary.js';
import { type CopyFieldDecoder, decodesText } from './copy-field-decoders.js';
import type { CopyColumn } from './copy-text-parser.js';
import {
  chunkMapper,
  laneOutputs,
  recordTemplate,
  sourceFieldIndex,
  type VerbatimRun,
} from './lane-plan-parts.js';
import { isAscii, type LaneSink, latin1 } from './lane-sink.js';
import { toPgText } from './postgres-values.js';

/** A source column of a binary COPY: its decoder of text, and its type's OID. */
export interface BinaryCopyColumn extends CopyColumn {
  readonly oid: number;
}

/** Types whose binary form is their text output in UTF-8 (the text decoders read it as is). */
const textForms = new Set([25, 114, 1042, 1043]);
const JSONB = 3802;

/**
 * The decoder of a binary field: the column's own decoder of text, over the bytes themselves
 * for text types, past jsonb's version byte, or over the type's text output for the others.
 */
function binaryDecoder(column: BinaryCopyColumn): CopyFieldDecoder {
  const { oid, decode } = column;
  if (textForms.has(oid)) return decode;
  if (oid === JSONB) return (bytes, start, end) => decode(bytes, start + 1, end);
  return (bytes, start, end) => {
    // Every other type's text output is ASCII: one byte a character.
    const text = binaryFieldText(oid, bytes, start, end);
    return decode(Buffer.from(text, 'latin1'), 0, text.length);
  };
}

type Output =
  | VerbatimRun
  | { readonly kind: 'mapped'; readonly name: string; readonly json: boolean; readonly prefix?: number }
  | {
      readonly kind: 'value';
      readonly field: number;
      readonly decode: CopyFieldDecoder;
      /** The decoder's value is the field's text: sliced from the latin1 view when ASCII. */
      readonly slices: boolean;
      readonly convert: (value: unknown) => unknown;
      readonly json: boolean;
      readonly prefix?: number;
    };

/**
 * The binary lane's mapper (docs/decisions/0052): as compileCopyTextMapper, over binary COPY
 * tuples into binary COPY tuples. A verbatim field is copied with its length; a mapped one is
 * written as text, so every target column it fills must be of a type whose binary form is its
 * text (text, varchar, char, json, jsonb): undefined when the plan has another.
 */
export function compileCopyBinaryMapper(
  columns: readonly BinaryCopyColumn[],
  plan: CopyTextPlan,
): CopyTextMapper | undefined {
  for (const o of plan.output) if (!('verbatim' in o) && !takesTextAsBinary(o.type)) return undefined;
  const width = columns.length;
  const field = sourceFieldIndex(columns, 'copy binary lane');
  const reads = plan.reads.map(field);
  const readNames = plan.reads;
  const decoders = reads.map((i) => binaryDecoder(columns[i] as BinaryCopyColumn));
  const jsonOf = (type: string) => ({
    json: type === 'json' || type === 'jsonb',
    ...(type === 'jsonb' ? { prefix: 1 } : {}),
  });
  const outputs: Output[] = laneOutputs(plan, field, (o) => {
    if ('mapped' in o) return { kind: 'mapped', name: o.mapped, ...jsonOf(o.type) };
    const index = field(o.from);
    const column = columns[index] as BinaryCopyColumn;
    return {
      kind: 'value',
      field: index,
      decode: binaryDecoder(column),
      slices: textForms.has(column.oid) && decodesText(column.decode) !== undefined,
      convert: o.convert,
      ...jsonOf(o.type),
    };
  });
  const slices = outputs.some((o) => o.kind === 'value' && o.slices);
  const hasRecord = readNames.length > 0;
  const template = recordTemplate(readNames);
  /** Where each field's bytes start (after its length) and how many there are (-1: NULL). */
  const starts = new Int32Array(width);
  const lengths = new Int32Array(width);
  const fieldCount = plan.output.length;

  const write = (sink: LaneSink, value: unknown, json: boolean, prefix: number | undefined): boolean => {
    // The row path leaves an undefined field out of the write (drop-field): not a NULL.
    if (value === undefined) return false;
    const text = toPgText(value, json);
    if (text === null) {
      sink.int32(-1);
      return true;
    }
    return sink.binaryText(text, prefix);
  };

  const mapChunk = (bytes: Buffer, sink: LaneSink): boolean => {
    const view = slices ? latin1(bytes) : '';
    const limit = bytes.length;
    let at = 0;
    while (at < limit) {
      // The collector checked each tuple's field count and lengths.
      let position = at + 2;
      for (let c = 0; c < width; c++) {
        const length = readInt32(bytes, position);
        starts[c] = position + 4;
        lengths[c] = length;
        position += length > 0 ? 4 + length : 4;
      }
      at = position;
      let mapped: Record<string, unknown> = template;
      if (hasRecord) {
        const row: Record<string, unknown> = { ...template };
        for (let r = 0; r < reads.length; r++) {
          const i = reads[r] as number;
          const start = starts[i] as number;
          const length = lengths[i] as number;
          row[readNames[r] as string] =
            length < 0 ? null : (decoders[r] as CopyFieldDecoder)(bytes, start, start + length);
        }
        const outcome = plan.map(row);
        if (!outcome.ok || outcome.warnings.length > 0) return false;
        mapped = outcome.row;
      }
      sink.int16(fieldCount);
      for (let o = 0; o < outputs.length; o++) {
        const output = outputs[o] as Output;
        if (output.kind === 'verbatim') {
          const { notNull } = output;
          for (let n = 0; n < notNull.length; n++)
            if ((lengths[notNull[n] as number] as number) < 0) return false;
          const lastLength = lengths[output.last] as number;
          sink.bytes(
            bytes,
            (starts[output.field] as number) - 4,
            (starts[output.last] as number) + Math.max(0, lastLength),
          );
          continue;
        }
        let value: unknown;
        if (output.kind === 'mapped') value = mapped[output.name];
        else {
          const start = starts[output.field] as number;
          const length = lengths[output.field] as number;
          const end = start + length;
          value = output.convert(
            length < 0
              ? null
              : output.slices && isAscii(view, start, end)
                ? view.slice(start, end)
                : output.decode(bytes, start, end),
          );
        }
        if (!write(sink, value, output.json, output.prefix)) return false;
      }
      sink.endTuple();
    }
    return true;
  };

  return chunkMapper(mapChunk);
}
