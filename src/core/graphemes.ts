let segmenter: Intl.Segmenter | undefined;

/**
 * The grapheme segmenter, made on first use: building one loads ICU's break rules (about 50 ms
 * of CPU), which a run that never shortens text should not pay at start-up.
 */
export function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}
