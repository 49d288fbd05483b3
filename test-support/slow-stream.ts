import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './scripted-upstream';
import { chatCompletionFrames } from './upstream-formats';

/**
 * A scripted-upstream `raw` reply that streams `text` as a Groq chat completion in
 * `chunkChars`-char frames, `delayMs` apart, so a test can watch the window while it arrives.
 * `beforeFrame(index, total)` runs before each frame and may return a promise to hold the
 * stream there. Resolves once the stream is over: the last frame written and the response
 * ended, or the client gone (the router may close right after reading `[DONE]`).
 */
export function streamSlowly(
  response: ServerResponse,
  request: RecordedRequest,
  text: string,
  options: { chunkChars: number; delayMs: number; beforeFrame?: (index: number, total: number) => unknown },
): Promise<void> {
  const frames = chatCompletionFrames('groq', {
    text,
    toolCalls: [],
    model: request.body?.model ?? 'llama-3.1-8b-instant',
    chunkChars: options.chunkChars,
    promptTokens: 10,
    includeUsage: false,
  });
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  return new Promise((resolve) => {
    response.once('close', () => resolve());
    let index = 0;
    const next = async () => {
      if (response.destroyed) return resolve();
      if (index >= frames.length) {
        response.end();
        resolve();
        return;
      }
      await options.beforeFrame?.(index, frames.length);
      response.write(frames[index++] as string);
      setTimeout(() => void next(), options.delayMs);
    };
    void next();
  });
}
