import type { CopyTextLines, CopyTextMapper, CopyTextPlan } from '../../core/copy-text.js';
import { BufferPool, laneBufferSize } from './buffer-pool.js';
import { LaneSink } from './lane-sink.js';

/**
 * What the lane's two mappers (COPY text, binary COPY) compile a plan into alike: source
 * fields by index, runs of verbatim fields, the record template, and the loop over a batch's
 * chunks into pooled buffers.
 */

/** Source fields `field` to `last`, one after the other in both lines: copied in one go. */
export interface VerbatimRun {
  readonly kind: 'verbatim';
  readonly field: number;
  readonly last: number;
  /** Those of them that must not be NULL. */
  readonly notNull: readonly number[];
}

type Other = Exclude<CopyTextPlan['output'][number], { verbatim: string }>;

/**
 * The plan's outputs in order, with verbatim fields joined into runs when they follow each
 * other in the source too (a run is copied with its separators or lengths); `other` compiles
 * the rest. `field(name)` gives a source column's index.
 */
export function laneOutputs<O>(
  plan: CopyTextPlan,
  field: (name: string) => number,
  other: (output: Other) => O,
): (VerbatimRun | O)[] {
  const outputs: (VerbatimRun | O)[] = [];
  for (const o of plan.output) {
    if (!('verbatim' in o)) {
      outputs.push(other(o));
      continue;
    }
    const index = field(o.verbatim);
    const notNull = o.notNull ? [index] : [];
    const previous = outputs[outputs.length - 1] as VerbatimRun | O | undefined;
    if (isRun(previous) && previous.last + 1 === index)
      outputs[outputs.length - 1] = { ...previous, last: index, notNull: [...previous.notNull, ...notNull] };
    else outputs.push({ kind: 'verbatim', field: index, last: index, notNull });
  }
  return outputs;
}

function isRun(output: unknown): output is VerbatimRun {
  return (output as { kind?: unknown } | undefined)?.kind === 'verbatim';
}

/** A source column's index by name; `lane` names the mapper in the error for a plan that names another. */
export function sourceFieldIndex(columns: readonly { readonly name: string }[], lane: string) {
  const indexOf = new Map(columns.map((c, i) => [c.name, i]));
  return (name: string): number => {
    const index = indexOf.get(name);
    if (index === undefined) throw new Error(`${lane}: no source column "${name}"`);
    return index;
  };
}

/** The record the mapping reads, every field NULL: copied for each line. */
export function recordTemplate(names: readonly string[]): Record<string, unknown> {
  const template: Record<string, unknown> = {};
  for (const name of names) template[name] = null;
  return template;
}

/**
 * A mapper writing each chunk of a batch through `mapChunk` into pooled buffers (enough for
 * the batches in flight: one written, one mapped ahead); undefined, with the buffers given
 * back, as soon as a chunk needs the row path.
 */
export function chunkMapper(mapChunk: (bytes: Buffer, sink: LaneSink) => boolean): CopyTextMapper {
  const pool = new BufferPool(laneBufferSize, 32);
  return (lines: CopyTextLines) => {
    const sink = new LaneSink(pool);
    for (const bytes of lines.chunks) {
      if (!mapChunk(bytes, sink)) {
        sink.discard();
        return undefined;
      }
    }
    return sink.done(lines.count);
  };
}
