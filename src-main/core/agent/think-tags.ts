const OPEN = '<think>';
const CLOSE = '</think>';

/** One piece of a reply's content, split: the part that is reasoning and the part that is answer text. */
export interface ThinkSplit {
  reasoning: string;
  text: string;
}

/** The length of the longest end of `text` that could be the start of `tag` (a tag cut between deltas). */
function partialTagAtEnd(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--)
    if (text.endsWith(tag.slice(0, length))) return length;
  return 0;
}

/**
 * Splits reasoning that a model sends inline, between `<think>` and `</think>` at the start
 * of its content, from its answer: DeepSeek-R1 served by hosts that do not parse it out (a
 * recorded Together stream sends `<think>` as the first delta, then the reasoning, then
 * `</think>` and the answer). Without the split the reasoning is shown as the answer and code
 * fenced inside it is proposed to run.
 *
 * Feed the content deltas in order; each call returns what is known so far. Only a `<think>`
 * that opens the reply (after whitespace) counts, anywhere else it is text. A tag cut between
 * deltas is held until it can be told apart; `end()` gives back what is held (reasoning when
 * the `</think>` never came).
 */
export class ThinkTagSplitter {
  private state: 'start' | 'thinking' | 'answer' = 'start';
  private held = '';

  feed(delta: string): ThinkSplit {
    if (this.state === 'answer') return { reasoning: '', text: delta };
    const buffer = this.held + delta;
    this.held = '';
    if (this.state === 'start') {
      const opening = buffer.trimStart();
      if (opening.startsWith(OPEN)) {
        this.state = 'thinking';
        return this.feed(opening.slice(OPEN.length));
      }
      if (OPEN.startsWith(opening)) {
        this.held = buffer;
        return { reasoning: '', text: '' };
      }
      this.state = 'answer';
      return { reasoning: '', text: buffer };
    }
    const close = buffer.indexOf(CLOSE);
    if (close >= 0) {
      this.state = 'answer';
      return { reasoning: buffer.slice(0, close), text: buffer.slice(close + CLOSE.length) };
    }
    const keep = partialTagAtEnd(buffer, CLOSE);
    this.held = buffer.slice(buffer.length - keep);
    return { reasoning: buffer.slice(0, buffer.length - keep), text: '' };
  }

  /** What is still held when the content ends. */
  end(): ThinkSplit {
    const held = this.held;
    this.held = '';
    return this.state === 'thinking' ? { reasoning: held, text: '' } : { reasoning: '', text: held };
  }
}
