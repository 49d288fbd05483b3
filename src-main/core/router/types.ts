/** An OpenAI-format chat message as sent to a provider. Unknown fields pass through. */
export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  [field: string]: unknown;
}

/** An OpenAI chat-completions request body; `model` is filled in from the target when absent. */
export interface ChatRequest {
  messages: ProviderMessage[];
  model?: string;
  [field: string]: unknown;
}

/** Token counts as providers report them (OpenAI `usage`, Groq `x_groq.usage`). */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

/** One streamed `chat.completion.chunk`, exactly as the provider sent it. */
export interface ChatChunk {
  id?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: { role?: string; content?: string | null; tool_calls?: unknown[]; [field: string]: unknown };
    finish_reason?: string | null;
    [field: string]: unknown;
  }>;
  usage?: Usage | null;
  x_groq?: { id?: string; usage?: Usage };
  [field: string]: unknown;
}

/** Where one request goes: a provider endpoint, one key and a model. */
export interface Target {
  /** Preset id (`groq`) or registry entry id. */
  providerId: string;
  providerLabel: string;
  baseUrl: string;
  model: string;
  apiKey: string;
  /** `…abcd`: how the key is named in logs and the UI. */
  keyFingerprint: string;
  headers: Record<string, string>;
  /** Per-target sliding-window limit (registry `requests_per_minute`), 0/undefined = none. */
  requestsPerMinute?: number;
}

/** Why a call to a target failed, classified from status and body (see classify.ts). */
export type FailureKind =
  | 'rate_limited'
  | 'quota_exhausted'
  | 'key_rejected'
  | 'model_not_found'
  | 'context_too_long'
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
    /** From `retry-after-ms`, `retry-after` or `x-ratelimit-reset-*`, in ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}
