import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, 'recorded-replies');

/** Names of the recorded streams in `recorded-replies/` (see its SOURCES.md). */
export type RecordedStream = 'deepseek-reasoning' | 'perplexity-citations';

/** The JSON payloads of a recorded stream, one per SSE event, as the provider sent them. */
export function recordedPayloads(name: RecordedStream): string[] {
  return readFileSync(join(DIR, `${name}.chunks.txt`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A recorded non-streamed completion, parsed. */
export function recordedCompletion(name: 'groq-reasoning' | 'perplexity-citations'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/**
 * A `raw` writer for the scripted upstream that replays a recorded stream: each payload as
 * `data: <payload>\n\n`, then `data: [DONE]\n\n`. `cutAfter` ends the response after that many
 * events, without `[DONE]` (a stream broken mid-answer).
 */
export function replayRecorded(name: RecordedStream, options: { cutAfter?: number } = {}) {
  return (res: ServerResponse): void => {
    const payloads = recordedPayloads(name);
    const cut = options.cutAfter !== undefined;
    const events = (cut ? payloads.slice(0, options.cutAfter) : payloads).map((p) => `data: ${p}\n\n`);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(events.join('') + (cut ? '' : 'data: [DONE]\n\n'));
  };
}

/** The text of one `choices[0].delta` field (`content`, `reasoning_content`) over a recorded stream, joined. */
export function recordedDeltaText(name: RecordedStream, field: string): string {
  return recordedPayloads(name)
    .map((line) => {
      const delta = (JSON.parse(line) as { choices?: Array<{ delta?: Record<string, unknown> }> })
        .choices?.[0]?.delta;
      return typeof delta?.[field] === 'string' ? delta[field] : '';
    })
    .join('');
}
