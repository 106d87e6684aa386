import type { CopyTextLines } from '../../core/copy-text.js';
import { BufferPool, laneBufferSize } from './buffer-pool.js';
import { copyFormatError } from './copy-text-parser.js';
import type { CopyCollector } from './open-copy-reader.js';

const NEWLINE = 10;

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
 * Gathers a COPY stream as whole lines, without parsing them. The stream's chunks are copied
 * into pooled buffers (buffer-pool.ts) so that they die young, and a line never spans two of
 * them; a batch is a list of pieces of those buffers, and gives them back with
 * `release()` once the engine is done with it. A buffer holds the end of one batch and the
 * start of the next, so it returns to the pool when its last holder lets go.
 */
export function copyLineCollector(
  describe: () => string,
  pool = new BufferPool(laneBufferSize, 32),
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
    // Bounded view: bytes after `end` are left over from the buffer's earlier use.
    const filled = buffer.subarray(0, end);
    let lines = 0;
    let last = -1;
    for (let at = filled.indexOf(NEWLINE, length); at >= 0; at = filled.indexOf(NEWLINE, at + 1)) {
      lines++;
      last = at;
    }
    length = end;
    if (lines === 0) return;
    pieces.push({ block, start: lineStart, end: last + 1, count: lines });
    block.holders++;
    count += lines;
    lineStart = last + 1;
  };

  return {
    write(chunk) {
      let from = 0;
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
        const bytes = piece.block.buffer;
        let cut = piece.start - 1;
        for (let i = 0; i < room; i++) cut = bytes.indexOf(NEWLINE, cut + 1);
        taken.push({ block: piece.block, start: piece.start, end: cut + 1, count: room });
        piece.block.holders++;
        pieces[0] = { block: piece.block, start: cut + 1, end: piece.end, count: piece.count - room };
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
      if (length > lineStart) throw copyFormatError(describe(), 'the last line has no end');
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
  const chunk = lines.chunks[lines.chunks.length - 1] as Buffer;
  return chunk.subarray(chunk.lastIndexOf(NEWLINE, chunk.length - 2) + 1);
}
