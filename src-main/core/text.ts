/** What a NUL character becomes in stored and forwarded text: the escape Python's repr prints. */
export const NUL_ESCAPE = '\\x00';

/**
 * `text` with every NUL (U+0000) written as the visible escape `\x00`. SQLite's C API ends a
 * bound string at its first NUL, so text is passed through this before it is stored (and before
 * a model is told about output), which keeps everything after the NUL.
 */
export function visibleNul(text: string): string {
  return text.includes('\0') ? text.split('\0').join(NUL_ESCAPE) : text;
}
