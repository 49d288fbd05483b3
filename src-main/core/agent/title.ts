/** Longest automatic chat title, in chars (the sidebar shows about this much). */
export const TITLE_MAX_CHARS = 60;

/**
 * A chat's title from its first user message: the first non-empty line with runs of whitespace
 * made single, cut at the last word boundary that fits `max` chars (marked "…"); a single word
 * longer than that is cut inside the word. Returns "New chat" for text with no visible characters.
 */
export function titleFromMessage(text: string, max = TITLE_MAX_CHARS): string {
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '').replace(/\s+/g, ' ').trim();
  if (line === '') return 'New chat';
  if (line.length <= max) return line;
  const room = line.slice(0, max - 1);
  const boundary = room.lastIndexOf(' ');
  const kept = boundary >= max / 3 ? room.slice(0, boundary) : room;
  return `${kept.replace(/[\s,.;:!?-]+$/, '')}…`;
}
