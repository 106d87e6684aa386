import { type FileHandle, open } from 'node:fs/promises';

/** A new file's directory entry must be durable too, or a crash could lose the whole file. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Not every platform can fsync a directory (Windows cannot); the data fsyncs still hold.
  } finally {
    await handle?.close();
  }
}
