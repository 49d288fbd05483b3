/**
 * Removes a terminal's echo of one control line Switchboard typed into a kernel. The shell
 * kernel keeps the terminal's echo on (so what the person types into `read` shows, without
 * running `stty` — two processes per block — around every block); the echo of the line that
 * runs a block is the first thing the terminal prints after it is sent, so it is matched here,
 * character by character across chunks, and dropped. Anything that does not match (the block
 * turned echo off, a background job printed first) is passed on unchanged, held-back text
 * included, and the filter is done.
 */
export class EchoFilter {
  private matched = 0;
  private finished = false;

  /** `expected`: the line as the terminal echoes it (`\n` → `\r\n`). */
  constructor(private readonly expected: string) {}

  /** True once the echo was removed or proved absent. */
  get done(): boolean {
    return this.finished;
  }

  /** The part of `chunk` that is not the echo (a partial match is held until it completes or fails). */
  filter(chunk: string): string {
    if (this.finished) return chunk;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== this.expected[this.matched]) {
        this.finished = true;
        return this.expected.slice(0, this.matched) + chunk.slice(i);
      }
      this.matched += 1;
      if (this.matched === this.expected.length) {
        this.finished = true;
        return chunk.slice(i + 1);
      }
    }
    return '';
  }
}
