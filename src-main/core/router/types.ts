import type { Dispatcher } from 'undici';
import type { Protocol } from '../providers/registry';
import { redactSecrets } from '../secrets/redact';

/** An OpenAI-format chat message as sent to a provider. Unknown fields pass through. */
export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** Text (callers passing OpenAI content parts cast them; the Anthropic adapter reads text and image parts). */
  content: string | null;
  [field: string]: unknown;
}

/**
 * An OpenAI chat-completions request body; `model` is filled in from the target when absent.
 * `tools`, `tool_choice` and every other field pass through unchanged (to Anthropic, translated).
 */
export interface ChatRequest {
  messages: ProviderMessage[];
  model?: string;
  [field: string]: unknown;
}

/** Token counts as providers report them (OpenAI `usage`, Groq `x_groq.usage`), in tokens. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  [field: string]: unknown;
}

/** One streamed tool-call fragment (OpenAI shape: `index` always, `id`/`function.name` on the first). */
export interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
  [field: string]: unknown;
}

/**
 * Marks a chunk the router asked for on its own behalf and keeps to itself: OpenAI's
 * `choices: []` usage chunk when the router added `stream_options.include_usage` and the
 * caller did not ask for it. Its usage is noted; the chunk is never passed on.
 */
export const ROUTER_ONLY: unique symbol = Symbol('router only');

/** One streamed `chat.completion.chunk`, exactly as the provider sent it (plus Gemini fix-ups). */
export interface ChatChunk {
  [ROUTER_ONLY]?: true;
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: {
      role?: string;
      content?: string | null;
      tool_calls?: ToolCallDelta[];
      [field: string]: unknown;
    };
    finish_reason?: string | null;
    [field: string]: unknown;
  }>;
  usage?: Usage | null;
  x_groq?: { id?: string; usage?: Usage };
  [field: string]: unknown;
}

/** A non-streamed `chat.completion`, as the provider sent it (Anthropic's translated). */
export interface ChatCompletion {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices: Array<{
    index: number;
    message: { role: string; content: string | null; tool_calls?: ToolCallDelta[]; [field: string]: unknown };
    finish_reason: string | null;
    [field: string]: unknown;
  }>;
  usage?: Usage | null;
  x_groq?: { id?: string; usage?: Usage };
  [field: string]: unknown;
}

/** Where one request goes: a provider endpoint, one key and a model. */
export interface Target {
  /** Identity for health bookkeeping: provider, base URL and the key. Contains the key — never log it. */
  identity: string;
  /** The provider part of `identity` (provider id + base URL): what cools down after server errors. */
  providerScope: string;
  /** Preset id (`groq`) or registry entry id. */
  providerId: string;
  providerLabel: string;
  /** `openai` (chat completions) or `anthropic` (Messages API adapter). */
  protocol: Protocol;
  baseUrl: string;
  model: string;
  apiKey: string;
  /** `…abcd`: how the key is named in logs and the UI. */
  keyFingerprint: string;
  headers: Record<string, string>;
  /** Per-target sliding-window limit (registry `requests_per_minute`), 0/undefined = none. */
  requestsPerMinute?: number;
  /** Ask for usage on streams (`stream_options.include_usage`, OpenAI only sends it when asked). */
  includeUsage?: boolean;
}

/** Why a call to a target failed, classified from status and body (see classify.ts). */
export type FailureKind =
  | 'rate_limited'
  | 'quota_exhausted'
  | 'key_rejected'
  | 'model_not_found'
  | 'context_too_long'
  | 'request_too_large'
  | 'bad_request'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'stream_interrupted';

/** A failed call to one target. */
export class ProviderFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status: number | null = null,
    /** From `retry-after-ms`, `retry-after`, `x-ratelimit-reset-*` or Gemini's `RetryInfo`, in ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    // Provider text may echo a key (`Invalid API Key: Bearer gsk_…`): masked before anyone sees it.
    super(redactSecrets(message));
    this.name = 'ProviderFailure';
  }
}

/** What a transport needs for one request. */
export interface TransportOptions {
  signal?: AbortSignal;
  /** Longest wait for response headers and then for each chunk, in ms (`llm_timeout_seconds`). */
  timeoutMs: number;
  /** Wall-clock time (ms since epoch), for HTTP-date `retry-after` values. */
  now: () => number;
  /** undici dispatcher (connection pool); the global one when absent. */
  dispatcher?: Dispatcher;
}

/**
 * One wire protocol. `stream` yields OpenAI-shaped chunks in batches — the chunks one read of
 * the body completed (never an empty batch), so a reply that arrives in one piece passes each
 * layer once, not once per chunk; `complete` answers one OpenAI-shaped completion. Both throw
 * ProviderFailure (classified), or the signal's reason when aborted.
 */
export interface Transport {
  stream(target: Target, body: ChatRequest, options: TransportOptions): AsyncGenerator<ChatChunk[]>;
  complete(target: Target, body: ChatRequest, options: TransportOptions): Promise<ChatCompletion>;
}
