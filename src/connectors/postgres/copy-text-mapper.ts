import type { CopyTextMapper, CopyTextPlan } from '../../core/copy-text.js';
import { decodesText } from './copy-field-decoders.js';
import type { CopyColumn } from './copy-text-parser.js';
import { copyFieldReader, copyFormatError } from './copy-text-parser.js';
import {
  chunkMapper,
  laneOutputs,
  recordTemplate,
  sourceFieldIndex,
  type VerbatimRun,
} from './lane-plan-parts.js';
import { isAscii, type LaneSink, latin1 } from './lane-sink.js';
import { isJsonType, toPgText } from './postgres-values.js';

const TAB = 9;
const BACKSLASH = 92;

/** Whether text[start, end) holds a tab: a last field with one means the line has too many fields. */
function hasTab(text: string, start: number, end: number): boolean {
  const tab = text.indexOf('\t', start);
  return tab >= 0 && tab < end;
}

type Output =
  | VerbatimRun
  | { readonly kind: 'mapped'; readonly name: string; readonly json: boolean }
  | {
      readonly kind: 'value';
      readonly field: number;
      readonly decode: CopyColumn['decode'];
      /** The decoder's value is the field's text (decodesText): sliced from the latin1 view. */
      readonly slices: 'text' | 'ascii' | undefined;
      readonly convert: (value: unknown) => unknown;
      readonly json: boolean;
    };

/**
 * Compiles a lane plan over this source's COPY columns (core/copy-text.ts, 0049): each line is
 * cut into fields on bytes, the fields the mapping reads are decoded into a row (the same
 * lossless values the row path sees), the mapping runs, and the target line is assembled from
 * the source's bytes for verbatim fields and the encoded output of the mapping for the rest.
 * A record the mapping refuses or warns about, a NULL where the target needs a value, or text
 * PostgreSQL cannot hold makes the whole batch go the row path: the mapper returns undefined.
 */
export function compileCopyTextMapper(
  columns: readonly CopyColumn[],
  plan: CopyTextPlan,
  describe: () => string,
): CopyTextMapper {
  const width = columns.length;
  const field = sourceFieldIndex(columns, 'copy text lane');
  const reads = plan.reads.map(field);
  const readNames = plan.reads;
  const decoders = reads.map((i) => (columns[i] as CopyColumn).decode);
  // A source field right after the previous verbatim one joins its run, tab included.
  const outputs: Output[] = laneOutputs(plan, field, outputFor);
  function outputFor(o: Exclude<CopyTextPlan['output'][number], { verbatim: string }>): Output {
    if ('mapped' in o) return { kind: 'mapped', name: o.mapped, json: isJsonType(o.type) };
    const index = field(o.from);
    const { decode } = columns[index] as CopyColumn;
    return {
      kind: 'value',
      field: index,
      decode,
      slices: decodesText(decode),
      convert: o.convert,
      json: isJsonType(o.type),
    };
  }
  // Without fields mapped as a record, no record is built and the plan's map is not called.
  const hasRecord = readNames.length > 0;
  const template = recordTemplate(readNames);
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const escaped = new Uint8Array(width);
  const readField = copyFieldReader();

  /** Maps the lines of one chunk into `sink`; false when the batch must go the row path. */
  const mapChunk = (bytes: Buffer, sink: LaneSink): boolean => {
    // One byte, one character: positions in `text` are positions in `bytes`, and the string's
    // indexOf finds separators several times faster than a loop over the bytes.
    const text = latin1(bytes);
    const limit = bytes.length;
    let position = 0;
    /** The first backslash at or after the field being cut, or -1: fields before it have no escapes. */
    let backslash = text.indexOf('\\');
    while (position < limit) {
      const lineEnd = text.indexOf('\n', position);
      if (lineEnd < 0) throw copyFormatError(describe(), 'a line has no end');
      for (let column = 0; column < width; column++) {
        const start = position;
        const end = column === width - 1 ? lineEnd : text.indexOf('\t', start);
        if (end < 0 || end > lineEnd || (column === width - 1 && hasTab(text, start, lineEnd)))
          throw copyFormatError(describe(), `a line does not have ${width} fields`);
        if (backslash >= 0 && backslash < start) backslash = text.indexOf('\\', start);
        starts[column] = start;
        ends[column] = end;
        escaped[column] = backslash >= 0 && backslash < end ? 1 : 0;
        position = end + 1;
      }
      let mapped: Record<string, unknown> = template;
      if (hasRecord) {
        const row: Record<string, unknown> = { ...template };
        for (let r = 0; r < reads.length; r++) {
          const i = reads[r] as number;
          row[readNames[r] as string] = readField(
            bytes,
            starts[i] as number,
            ends[i] as number,
            escaped[i] === 1,
            decoders[r] as CopyColumn['decode'],
          );
        }
        const outcome = plan.map(row);
        if (!outcome.ok || outcome.warnings.length > 0) return false;
        mapped = outcome.row;
      }
      for (let o = 0; o < outputs.length; o++) {
        if (o > 0) sink.byte(TAB);
        const output = outputs[o] as Output;
        if (output.kind === 'verbatim') {
          const { notNull } = output;
          for (let n = 0; n < notNull.length; n++) {
            const i = notNull[n] as number;
            const start = starts[i] as number;
            if (ends[i] === start + 2 && bytes[start] === BACKSLASH && bytes[start + 1] === 78) return false;
          }
          sink.bytes(bytes, starts[output.field] as number, ends[output.last] as number);
          continue;
        }
        let value: unknown;
        if (output.kind === 'mapped') value = mapped[output.name];
        else {
          const start = starts[output.field] as number;
          const end = ends[output.field] as number;
          const { slices } = output;
          if (slices !== undefined && escaped[output.field] === 0) {
            // Text that is all ASCII is its latin1 view: a slice, no decoding.
            value = output.convert(
              slices === 'ascii' || isAscii(text, start, end)
                ? text.slice(start, end)
                : output.decode(bytes, start, end),
            );
          } else
            value = output.convert(readField(bytes, start, end, escaped[output.field] === 1, output.decode));
        }
        // The row path leaves an undefined field out of the write (drop-field): not a NULL; a
        // converted field is undefined when its value needs the row path.
        if (value === undefined) return false;
        const written = toPgText(value, output.json);
        if (written === null) sink.nullField();
        else if (!sink.field(written)) return false;
      }
      sink.endLine();
    }
    return true;
  };

  return chunkMapper(mapChunk);
}
