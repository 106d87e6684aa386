import type { CopyTextLines } from '../../core/copy-text.js';
import { BufferPool, laneBufferSize } from './buffer-pool.js';
import { type RecordFormat, textRecords } from './copy-binary.js';
import { copyFormatError } from './copy-text-parser.js';
import type { CopyCollector } from './open-copy-reader.js';

/** A pooled buffer the stream is copied into, and how many holders it has. */
interface Block {
  readonly buffer: Buffer;
  /** Pieces of lines in it (gathered or handed out in a batch), plus one while it is being filled. */
  holders: number;
}

/** Whole lines in a block and how many there are. */
interface Piece {
  readonly block: Block;
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

/**
 * Gathers a COPY stream as whole lines (or binary tuples, with `format`), without parsing them. The stream's chunks are copied
 * into pooled buffers (buffer-pool.ts) so that they die young, and a line never spans two of
 * them; a batch is a list of pieces of those buffers, and gives them back with
 * `release()` once the engine is done with it. A buffer holds the end of one batch and the
 * start of the next, so it returns to the pool when its last holder lets go.
 */
export function copyLineCollector(
  describe: () => string,
  pool = new BufferPool(laneBufferSize, 32),
  format: RecordFormat = textRecords,
): CopyCollector<CopyTextLines> {
  let pieces: Piece[] = [];
  let count = 0;
  let block: Block = { buffer: pool.take(), holders: 1 };
  /** Bytes copied into `block`, and where its partial last line starts. */
  let length = 0;
  let lineStart = 0;

  const letGo = (held: Block) => {
    held.holders--;
    if (held.holders === 0) pool.give(held.buffer);
  };

  /** Moves the partial line to a fresh block with room for more of it (a larger one for a long line). */
  const nextBlock = () => {
    const partial = length - lineStart;
    const next: Block = { buffer: pool.takeAtLeast(partial + 1), holders: 1 };
    block.buffer.copy(next.buffer, 0, lineStart, length);
    letGo(block);
    block = next;
    length = partial;
    lineStart = 0;
  };

  /** Copies bytes of the stream after the gathered ones and notes the lines they complete. */
  const append = (chunk: Buffer, from: number, to: number) => {
    const buffer = block.buffer;
    chunk.copy(buffer, length, from, to);
    const end = length + (to - from);
    // Bytes after `end` are left over from the buffer's earlier use: the format stops there.
    const found = format.scan(buffer, lineStart, length, end);
    length = end;
    if (found.count === 0) return;
    pieces.push({ block, start: lineStart, end: found.end, count: found.count });
    block.holders++;
    count += found.count;
    lineStart = found.end;
  };

  return {
    write(chunk) {
      let from = format.skip(chunk);
      while (from < chunk.length) {
        if (length === block.buffer.length) nextBlock();
        const to = Math.min(chunk.length, from + (block.buffer.length - length));
        append(chunk, from, to);
        from = to;
      }
    },
    get count() {
      return count;
    },
    take(wanted) {
      const taken: Piece[] = [];
      let total = 0;
      while (total < wanted && pieces.length > 0) {
        const piece = pieces[0] as Piece;
        const room = wanted - total;
        if (piece.count <= room) {
          taken.push(piece);
          total += piece.count;
          pieces.shift();
          continue;
        }
        // The batch ends inside this piece: cut after its room-th line.
        const cut = format.cut(piece.block.buffer, piece.start, room);
        taken.push({ block: piece.block, start: piece.start, end: cut, count: room });
        piece.block.holders++;
        pieces[0] = { block: piece.block, start: cut, end: piece.end, count: piece.count - room };
        total += room;
      }
      count -= total;
      let isReleased = false;
      return {
        chunks: taken.map((piece) => piece.block.buffer.subarray(piece.start, piece.end)),
        count: total,
        release() {
          if (isReleased) return;
          isReleased = true;
          for (const piece of taken) letGo(piece.block);
        },
      };
    },
    end() {
      if (!format.endsWell(block.buffer, lineStart, length)) throw copyFormatError(describe(), format.badEnd);
    },
    clear() {
      for (const piece of pieces) letGo(piece.block);
      pieces = [];
      count = 0;
      // Batches handed out may still read the current block: start a fresh one.
      letGo(block);
      block = { buffer: pool.take(), holders: 1 };
      length = 0;
      lineStart = 0;
    },
  };
}

/** The last line of non-empty lines, as a buffer of its own bytes (newline included). */
export function lastLine(lines: CopyTextLines): Buffer {
  return textRecords.last(lines);
}
