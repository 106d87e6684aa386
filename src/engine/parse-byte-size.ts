const unitBytes = { kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as const;

/** 16777216 or "16MB" -> 16777216. The spec schema has already checked the form. */
export function parseByteSize(size: number | string): number {
  if (typeof size === 'number') return size;
  const match = /^(\d+(?:\.\d+)?)\s*(kB|MB|GB)$/.exec(size);
  if (!match) throw new Error(`not a size: ${size}`);
  return Math.round(Number(match[1]) * unitBytes[match[2] as keyof typeof unitBytes]);
}
