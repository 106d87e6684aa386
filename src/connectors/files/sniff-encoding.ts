/**
 * Guesses a text file's encoding from its first bytes (docs/decisions/0008):
 * a byte-order mark decides first (UTF-8, UTF-16 LE/BE); then bytes that are valid UTF-8 are
 * UTF-8; otherwise the file is a single-byte Windows file: Windows-1252 when it holds bytes
 * 0x80–0x9F (printable there, control codes in Latin-1), else Latin-1 (the two agree on the
 * rest). Falling back from UTF-8 comes with a warning, since it is a guess.
 */
export interface SniffedEncoding {
  readonly encoding: string;
  /** Set when the guess is not certain (no BOM and not UTF-8). */
  readonly warning?: string;
}

export function sniffEncoding(head: Uint8Array, label: string): SniffedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' };
  if (isValidUtf8(head)) return { encoding: 'utf-8' };
  const encoding = head.some((byte) => byte >= 0x80 && byte <= 0x9f) ? 'windows-1252' : 'latin1';
  return {
    encoding,
    warning: `File ${label} is not valid UTF-8; reading it as ${encoding}. Set encoding: in the flow's from: block if that is wrong.`,
  };
}

/**
 * Whether the bytes are UTF-8. The head may end in the middle of a character (it is a prefix of
 * the file): a sequence cut off by the end counts as valid.
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte <= 0xdf
          ? 2
          : byte >= 0xe0 && byte <= 0xef
            ? 3
            : byte >= 0xf0 && byte <= 0xf4
              ? 4
              : 0;
    if (length === 0) return false;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return true;
      const next = bytes[i + k] ?? 0;
      if ((next & 0xc0) !== 0x80) return false;
    }
    const second = bytes[i + 1] ?? 0x80;
    // Overlong three- and four-byte forms, UTF-16 surrogates and code points past U+10FFFF.
    if (byte === 0xe0 && second < 0xa0 && length === 3 && i + 1 < bytes.length) return false;
    if (byte === 0xed && second > 0x9f && i + 1 < bytes.length) return false;
    if (byte === 0xf0 && second < 0x90 && i + 1 < bytes.length) return false;
    if (byte === 0xf4 && second > 0x8f && i + 1 < bytes.length) return false;
    i += length;
  }
  return true;
}
