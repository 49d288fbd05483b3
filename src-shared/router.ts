import { z } from 'zod';

/**
 * Why one attempt against one target failed (the router's failure kinds), or `cancelled` when
 * the caller stopped it. Stable words: the Activity view and the call log match on them.
 */
export const CALL_FAILURES = [
  'rate_limited',
  'quota_exhausted',
  'key_rejected',
  'model_not_found',
  'context_too_long',
  'bad_request',
  'server_error',
  'timeout',
  'network',
  'stream_interrupted',
  'cancelled',
  'request_too_large',
] as const;
export type CallFailure = (typeof CALL_FAILURES)[number];

/**
 * One attempt of a routed LLM call, as kept in the call log (the session database) and shown
 * in the Activity view. Times in ms; tokens as the provider reported them (OpenAI `usage`,
 * Groq `x_groq.usage`, Anthropic `usage`), null when unknown.
 */
export const callLogEntrySchema = z.object({
  /** When the attempt started (ISO 8601). */
  time: z.string(),
  /** Groups the attempts of one routed call. */
  callId: z.string(),
  /** 1 for the first attempt of a call, then 2, 3, … (failover or retry). */
  attempt: z.number(),
  /** Preset id (`groq`) or registry entry id. */
  providerId: z.string(),
  providerLabel: z.string(),
  /** `…abcd`: the last four characters of the key, never more. */
  keyFingerprint: z.string(),
  model: z.string(),
  stream: z.boolean(),
  /** HTTP status of the provider's answer; null when none arrived (timeout, network). */
  status: z.number().nullable(),
  /** Null when the attempt served the call. */
  failure: z.enum(CALL_FAILURES).nullable(),
  /** The provider's error message, or a note such as "the caller stopped reading early". */
  message: z.string().nullable(),
  /** From the request to the end of the answer (the whole stream), in ms. */
  latencyMs: z.number(),
  /** Time to the first content chunk, in ms; null for non-streamed or failed attempts. */
  ttftMs: z.number().nullable(),
  tokensIn: z.number().nullable(),
  tokensOut: z.number().nullable(),
});
export type CallLogEntry = z.infer<typeof callLogEntrySchema>;

/**
 * The state of one (provider, key) target as the router sees it now. `cooling` with
 * `scope: 'provider'` means the whole provider is cooling after repeated server errors or
 * timeouts; otherwise the state belongs to the key.
 */
export const keyStateSchema = z.object({
  providerId: z.string(),
  providerLabel: z.string(),
  keyFingerprint: z.string(),
  model: z.string(),
  /** Which settings route here: a preset, or a registry entry. */
  source: z.enum(['preset', 'registry']),
  /** Whether the current settings send calls to this target at all. */
  inUse: z.boolean(),
  state: z.enum(['healthy', 'cooling', 'rejected', 'quota_exhausted']),
  scope: z.enum(['key', 'provider']),
  /** When a cooling or out-of-quota target may be used again (ISO 8601). */
  until: z.string().optional(),
  /** Why, in the provider's words ("Rate limit reached for requests", "Invalid API Key"). */
  reason: z.string().optional(),
});
export type KeyState = z.infer<typeof keyStateSchema>;

/** Outcome of Settings → API Keys → Check: the provider's `/models` called with one key. */
export const keyCheckSchema = z.object({
  result: z.enum(['ok', 'rejected', 'rate_limited', 'quota_exhausted', 'unreachable', 'error']),
  status: z.number().nullable(),
  /** Human words: "OK — 42 models", "rejected: Invalid API Key", … */
  message: z.string(),
  keyFingerprint: z.string(),
  /** ISO 8601. */
  checkedAt: z.string(),
});
export type KeyCheck = z.infer<typeof keyCheckSchema>;

/** A provider's model list, from its `/models` (cached in the core). */
export const modelListSchema = z.object({
  providerId: z.string(),
  models: z.array(z.string()),
  /** ISO 8601: when the list was fetched (it may come from the cache). */
  fetchedAt: z.string(),
});
export type ModelList = z.infer<typeof modelListSchema>;

/** What the Activity view shows: recent attempts (newest first) and every target's state. */
export const activitySchema = z.object({
  calls: z.array(callLogEntrySchema),
  keys: z.array(keyStateSchema),
  /** The current `open_interpreter_registry_mode`, for the view's header. */
  mode: z.enum(['selected', 'round_robin', 'failover']),
});
export type Activity = z.infer<typeof activitySchema>;
