import type { ServerResponse } from 'node:http';
import type { ScriptRule } from './scripted-upstream';

/** A rule's answer part (no `match`/`times`), to spread into a rule. */
export type Fault = Omit<ScriptRule, 'match' | 'times'>;

const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-f', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
const roleChunk = `data: ${JSON.stringify({ id: 'chatcmpl-f', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`;

/**
 * Provider failures as the providers send them (REFERENCE.md), for the fault matrix and e2e
 * tests: real status codes, error bodies and rate-limit headers; raw socket faults.
 */
export const faults = {
  /** OpenAI / Groq / OpenRouter error body `{error: {message, type, code}}`. */
  openAiError(
    status: number,
    error: { message: string; type?: string; code?: string | number },
    headers: Record<string, string> = {},
  ): Fault {
    return { error: { status, body: { error: error }, headers } };
  },
  /** Groq's 429: `rate_limit_exceeded`, `retry-after` seconds and the reset durations. */
  groqRateLimit(headers: Record<string, string>, type: 'requests' | 'tokens' = 'requests'): Fault {
    return faults.openAiError(
      429,
      {
        message: `Rate limit reached for model \`llama-3.1-8b-instant\` on ${type} per minute. Please try again later.`,
        type,
        code: 'rate_limit_exceeded',
      },
      headers,
    );
  },
  /** OpenAI's 429 for an account without credits. */
  insufficientQuota(): Fault {
    return faults.openAiError(429, {
      message: 'You exceeded your current quota, please check your plan and billing details.',
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    });
  },
  /** Gemini's OpenAI endpoint: errors as a JSON array. */
  geminiError(code: number, status: string, message: string, details?: unknown[]): Fault {
    return {
      error: { status: code, body: [{ error: { code, message, status, ...(details ? { details } : {}) } }] },
    };
  },
  /** Anthropic's `{type: "error", error: {type, message}}`. */
  anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): Fault {
    return {
      error: {
        status,
        body: { type: 'error', error: { type, message }, request_id: 'req_scripted' },
        headers,
      },
    };
  },
  /** Accepts the request and never answers (a provider that hangs before the headers). */
  noResponse(): Fault {
    return { raw: () => undefined };
  },
  /** Resets the connection before any header is sent. */
  resetBeforeHeaders(): Fault {
    return { raw: (res: ServerResponse) => void res.socket?.destroy() };
  },
  /** Streams `text` in pieces, then goes silent without ending (a stalled stream). */
  stallMidStream(text: string): Fault {
    return {
      raw: (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(roleChunk + chunk(text));
      },
    };
  },
  /** Streams `text`, then ends the response without `[DONE]` or a `finish_reason`. */
  cutMidStream(text: string): Fault {
    return {
      raw: (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(roleChunk + chunk(text));
      },
    };
  },
  /** A role chunk, then the stream ends: cut before any content reached the caller. */
  cutBeforeContent(): Fault {
    return {
      raw: (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(roleChunk);
      },
    };
  },
  /** OpenRouter: streams `text`, then an error event `{error: {code, message}}` instead of choices. */
  openRouterErrorEvent(text: string, code: number, message: string): Fault {
    return {
      raw: (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': OPENROUTER PROCESSING\n\n' + roleChunk + chunk(text));
        res.end(
          `data: ${JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', error: { code, message }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}\n\n`,
        );
      },
    };
  },
};
