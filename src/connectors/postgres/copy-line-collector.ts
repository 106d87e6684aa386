import type { CopyTextLines } from '../../core/copy-text.js';
import { copyFormatError, wholeLines } from './copy-text-parser.js';
import type { CopyCollector } from './open-copy-reader.js';

const NEWLINE = 10;

/** Whole lines of one chunk and how many there are. */
interface Piece {
  readonly bytes: Buffer;
  readonly count: number;
}

/**
 * Gathers a COPY stream as whole lines, without parsing them: the chunks as they arrived, cut
 * at line ends (wholeLines). A batch
 * is a list of such pieces; a piece is split only where a batch ends inside it.
 */
export function copyLineCollector(describe: () => string): CopyCollector<CopyTextLines> {
  let pieces: Piece[] = [];
  let count = 0;
  let rest: Buffer | undefined;

  const add = (bytes: Buffer) => {
    let lines = 0;
    for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
    if (lines === 0) return;
    pieces.push({ bytes, count: lines });
    count += lines;
  };

  return {
    write(chunk) {
      rest = wholeLines(chunk, rest, (bytes, from, to) => add(bytes.subarray(from, to)));
    },
    get count() {
      return count;
    },
    take(wanted) {
      const chunks: Buffer[] = [];
      let taken = 0;
      while (taken < wanted && pieces.length > 0) {
        const piece = pieces[0] as Piece;
        const room = wanted - taken;
        if (piece.count <= room) {
          chunks.push(piece.bytes);
          taken += piece.count;
          pieces.shift();
          continue;
        }
        // The batch ends inside this piece: cut after its room-th line.
        let cut = -1;
        for (let i = 0; i < room; i++) cut = piece.bytes.indexOf(NEWLINE, cut + 1);
        chunks.push(piece.bytes.subarray(0, cut + 1));
        pieces[0] = { bytes: piece.bytes.subarray(cut + 1), count: piece.count - room };
        taken += room;
      }
      count -= taken;
      return { chunks, count: taken };
    },
    end() {
      if (rest !== undefined) throw copyFormatError(describe(), 'the last line has no end');
    },
    clear() {
      pieces = [];
      count = 0;
      rest = undefined;
    },
  };
}

/** The last line of non-empty lines, as a buffer of its own bytes (newline included). */
export function lastLine(lines: CopyTextLines): Buffer {
  const chunk = lines.chunks[lines.chunks.length - 1] as Buffer;
  return chunk.subarray(chunk.lastIndexOf(NEWLINE, chunk.length - 2) + 1);
}
