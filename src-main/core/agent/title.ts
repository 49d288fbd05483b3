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

/** What the model is asked when "Title chats with the model" is on. */
export const TITLE_PROMPT =
  'Write a short title (at most 6 words) for a chat that starts with the message below. Answer with the title only, no quotes and no full stop.';

/**
 * A title from the model's answer to TITLE_PROMPT: its first line without quotes, "Title:" or a
 * final full stop, cut like titleFromMessage; null when nothing usable is left.
 */
export function cleanModelTitle(answer: string | null | undefined): string | null {
  const line = (answer ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  const bare = line
    .replace(/^\s*(?:title\s*:\s*)?/i, '')
    .replace(/^["'`*“”«»]+|["'`*“”«»]+$/g, '')
    .replace(/\.\s*$/, '')
    .trim();
  return bare === '' ? null : titleFromMessage(bare);
}
