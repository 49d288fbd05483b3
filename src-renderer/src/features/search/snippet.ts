/** Marks the session store puts around matched words in a search snippet. */
const MATCH_START = '\u0001';
const MATCH_END = '\u0002';

/**
 * A search snippet as pieces of plain text, each saying whether it is a match. The pieces are
 * rendered as React text (escaped), matches inside <mark>, so a snippet of HTML stays text.
 */
export function snippetParts(snippet: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  let rest = snippet;
  while (rest !== '') {
    const start = rest.indexOf(MATCH_START);
    if (start === -1) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), match: false });
    const end = rest.indexOf(MATCH_END, start + 1);
    const stop = end === -1 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), match: true });
    rest = rest.slice(Math.min(rest.length, stop + 1));
  }
  return parts.filter((part) => part.text !== '');
}
