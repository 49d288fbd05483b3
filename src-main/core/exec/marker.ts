import { randomBytes } from 'node:crypto';

/**
 * The end-of-block marker: an OSC sequence `ESC ] 7777 ; sb ; <token> ; <status> BEL` that a
 * kernel prints after a whole block has run. Terminals ignore unknown OSC numbers, so a
 * marker that slips through does not show. `<token>` is a fresh random nonce per block (or
 * per kernel for the ready/idle markers), so output that merely looks like a marker cannot
 * end a block: it has the wrong token and is passed through as ordinary output.
 */
export const MARKER_PREFIX = '\x1b]7777;sb;';
const MARKER_END = '\x07';
const MAX_TOKEN_CHARS = 64;
const MAX_STATUS_CHARS = 16;
/** Longest possible marker: prefix + token + `;` + status + BEL. */
const MAX_MARKER_CHARS = MARKER_PREFIX.length + MAX_TOKEN_CHARS + 1 + MAX_STATUS_CHARS + 1;

/** A fresh random token (32 hex chars, 128 bits) for one block or one kernel. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The marker text for `token` and `status` (used by tests and by the shell init line). */
export function formatMarker(token: string, status: string): string {
  return `${MARKER_PREFIX}${token};${status}${MARKER_END}`;
}

/** Where a scanner sends what it finds. */
export interface MarkerSink {
  /** Ordinary output, in order, markers removed. */
  text(chunk: string): void;
  /** A well-formed marker. Return true to consume it, false to pass `raw` on as output. */
  marker(token: string, status: string, raw: string): boolean;
}

type Match =
  { kind: 'none' } | { kind: 'partial' } | { kind: 'marker'; end: number; token: string; status: string };

const isTokenChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isStatusChar = (code: number): boolean => isTokenChar(code) || code === 45; /* - */

/** Tries to read a marker starting at `start` (an ESC). Bounded work: at most MAX_MARKER_CHARS. */
function matchAt(text: string, start: number): Match {
  let i = start;
  for (let k = 0; k < MARKER_PREFIX.length; k++, i++) {
    if (i >= text.length) return { kind: 'partial' };
    if (text.charCodeAt(i) !== MARKER_PREFIX.charCodeAt(k)) return { kind: 'none' };
  }
  const tokenStart = i;
  while (i < text.length && isTokenChar(text.charCodeAt(i)) && i - tokenStart < MAX_TOKEN_CHARS) i++;
  if (i >= text.length) return { kind: 'partial' };
  if (i === tokenStart || text[i] !== ';') return { kind: 'none' };
  const token = text.slice(tokenStart, i);
  const statusStart = ++i;
  while (i < text.length && isStatusChar(text.charCodeAt(i)) && i - statusStart < MAX_STATUS_CHARS) i++;
  if (i >= text.length) return { kind: 'partial' };
  if (i === statusStart || text[i] !== MARKER_END) return { kind: 'none' };
  return { kind: 'marker', end: i + 1, token, status: text.slice(statusStart, i) };
}

/**
 * Finds markers in a PTY stream that arrives in arbitrary chunks. A marker split across
 * chunks is held back (at most ~100 chars) until it completes or proves not to be one; every
 * other character is passed on once, so scanning costs O(chunk) and never rescans old output.
 */
export class MarkerScanner {
  private carry = '';

  constructor(private readonly sink: MarkerSink) {}

  /** Scans the next chunk of output. */
  feed(chunk: string): void {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    this.carry = '';
    let emitted = 0;
    let at = text.indexOf('\x1b');
    while (at !== -1) {
      const match = matchAt(text, at);
      if (match.kind === 'partial') {
        if (text.length - at < MAX_MARKER_CHARS) {
          this.emit(text, emitted, at);
          this.carry = text.slice(at);
          return;
        }
        at = text.indexOf('\x1b', at + 1);
      } else if (match.kind === 'none') {
        at = text.indexOf('\x1b', at + 1);
      } else {
        this.emit(text, emitted, at);
        const raw = text.slice(at, match.end);
        if (!this.sink.marker(match.token, match.status, raw)) this.sink.text(raw);
        emitted = match.end;
        at = text.indexOf('\x1b', emitted);
      }
    }
    this.emit(text, emitted, text.length);
  }

  /** Passes on anything held back (the stream ended). */
  flush(): void {
    const rest = this.carry;
    this.carry = '';
    if (rest.length > 0) this.sink.text(rest);
  }

  private emit(text: string, from: number, to: number): void {
    if (to > from) this.sink.text(from === 0 && to === text.length ? text : text.slice(from, to));
  }
}
