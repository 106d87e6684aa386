/** Writing systems and character classes a profile reports, in the order they are shown. */
export const scriptNames = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'CJK',
  'emoji',
  'control',
  'combining',
] as const;
export type ScriptName = (typeof scriptNames)[number];

const patterns: readonly (readonly [ScriptName, RegExp])[] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u],
  ['emoji', /\p{Extended_Pictographic}/u],
  // Tab, line feed and the other C0/C1 controls: invisible, and they break exports and keys.
  ['control', /\p{Cc}/u],
  // A combining mark (e + U+0301) compares unequal to the precomposed letter (é).
  ['combining', /\p{M}/u],
];

/** The scripts and character classes present in a text (each at most once). */
export function scriptsOf(text: string): ScriptName[] {
  return patterns.filter(([, pattern]) => pattern.test(text)).map(([script]) => script);
}
