/**
 * Buffers of one size, reused once their owner gives them back. The COPY text lane keeps a
 * batch's lines in them (docs/decisions/0050): a buffer that comes and goes with every batch
 * lives long enough to be promoted, and V8 counts each one as external memory until the next
 * full collection — reaching that count is what starts one. With the buffers reused, a run
 * no longer pays a mark-compact every few batches.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  /** `keep`: how many free buffers to hold at most; more given back are left to the GC. */
  constructor(
    readonly size: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.size);
  }

  /** `at least`: a buffer of the pool's size, or a larger one of its own for a long line. */
  takeAtLeast(bytes: number): Buffer {
    return bytes <= this.size ? this.take() : Buffer.allocUnsafe(Math.max(2 * this.size, 2 * bytes));
  }

  give(buffer: Buffer): void {
    // A larger buffer made for one long line is not kept.
    if (buffer.length === this.size && this.free.length < this.keep) this.free.push(buffer);
  }
}

/** 256 KiB: a 10,000-row batch of 200-byte lines fills about eight. */
export const laneBufferSize = 256 * 1024;
