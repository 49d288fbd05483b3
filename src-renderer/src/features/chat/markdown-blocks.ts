/**
 * Splits Markdown into top-level blocks that render the same apart as together, so a streaming
 * reply re-renders (and the browser re-lays-out) only its last, growing block while the finished
 * ones stay untouched.
 *
 * A split is made only at a blank line outside a fenced code block whose next line starts at
 * column 0 and does not continue a list or quote: such a line ends every open container in
 * CommonMark, so the pieces parse as they would whole. Text with link reference definitions or
 * footnote definitions (which reach across blocks) is kept as one block.
 *
 * @param text Markdown source (chars).
 * @returns The blocks in order; joined with "\n\n" they give back the text's content. At least one.
 */
export function markdownBlocks(text: string): string[] {
  if (/^ {0,3}\[[^\]\n]+\]:/m.test(text)) return [text];
  const lines = text.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: { char: string; length: number } | null = null;
  let blank = false;
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence.char && marker.length >= fence.length && line.trim() === marker)
        fence = null;
      current.push(line);
      continue;
    }
    if (line.trim() === '') {
      blank = true;
      current.push(line);
      continue;
    }
    if (blank && startsFreshBlock(line) && current.some((l) => l.trim() !== '')) {
      blocks.push(joined(current));
      current = [];
    }
    blank = false;
    if (marker) fence = { char: marker[0] as string, length: marker.length };
    current.push(line);
  }
  // An unclosed fence keeps its trailing blank lines: they are code.
  const last = joined(current, fence !== null);
  if (last !== '' || blocks.length === 0) blocks.push(last);
  return blocks;
}

/** A line at column 0 that is not a list item or quote (which could continue the one before). */
function startsFreshBlock(line: string): boolean {
  if (/^\s/.test(line)) return false;
  return !/^([-*+]|\d{1,9}[.)])(\s|$)/.test(line) && !line.startsWith('>');
}

/**
 * Lines as one block, without the blank lines around it (indentation of its first line kept);
 * `inFence`: the block ends inside an unclosed fence, whose trailing blank lines are code.
 */
function joined(lines: string[], inFence = false): string {
  const text = lines.join('\n').replace(/^(?:[ \t]*\n)+/, '');
  return inFence ? text : text.trimEnd();
}
