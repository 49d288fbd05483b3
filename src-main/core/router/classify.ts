import type { IncomingHttpHeaders } from 'node:http';
import { readErrorBody, type ErrorBody } from './error-body';
import { MAX_COOLDOWN_MS, retryAfterFrom } from './retry-after';
import { ProviderFailure, type FailureKind } from './types';

/**
 * What a provider's own error code or type means, whatever the HTTP status: OpenAI/Groq
 * `error.code` and `error.type` (platform.openai.com "Error codes", console.groq.com "Errors"),
 * Anthropic `error.type` (docs.anthropic.com "Errors"), Perplexity's `invalid_model` type, Gemini `error.status`
 * (ai.google.dev "Troubleshooting"), OpenRouter's string codes in stream error events.
 */
const CODE_KINDS: Readonly<Record<string, FailureKind>> = {
  insufficient_quota: 'quota_exhausted',
  billing_hard_limit_reached: 'quota_exhausted',
  billing_not_active: 'quota_exhausted',
  billing_error: 'quota_exhausted',
  invalid_api_key: 'key_rejected',
  authentication_error: 'key_rejected',
  permission_error: 'key_rejected',
  API_KEY_INVALID: 'key_rejected',
  UNAUTHENTICATED: 'key_rejected',
  PERMISSION_DENIED: 'key_rejected',
  context_length_exceeded: 'context_too_long',
  model_not_found: 'model_not_found',
  model_decommissioned: 'model_not_found',
  not_found_error: 'model_not_found',
  NOT_FOUND: 'model_not_found',
  invalid_model: 'model_not_found',
  request_too_large: 'request_too_large',
  rate_limit_exceeded: 'rate_limited',
  rate_limit_error: 'rate_limited',
  RESOURCE_EXHAUSTED: 'rate_limited',
  overloaded_error: 'server_error',
  api_error: 'server_error',
  server_error: 'server_error',
  UNAVAILABLE: 'server_error',
  INTERNAL: 'server_error',
  DEADLINE_EXCEEDED: 'timeout',
};

/** Codes that settle the kind whatever the status says (a quota sent as 429, a bad key as 400). */
const DECISIVE: ReadonlySet<FailureKind> = new Set(['quota_exhausted', 'key_rejected', 'context_too_long']);

/** Message words, the last resort (matched with every URL taken out of the message first). */
const KEY_WORDS = /api key not valid|invalid api key|invalid x-api-key|incorrect api key/;
const CONTEXT_WORDS =
  /context.?length|context window|maximum context|reduce the length|prompt is too long|too many tokens/;
const MODEL_WORDS = /model .*does not exist|unknown model|no such model|model not found/;
const QUOTA_WORDS =
  /insufficient.?quota|credit balance is too low|out of credits|spend.?limit|payment required/;
const PER_DAY = /\bper.?day\b|\(tpd\)|\(rpd\)/;

/** A message's words with every URL removed: a link to a billing page is not a quota. */
export function wordsOf(message: string | undefined): string {
  return (message ?? '').replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').toLowerCase();
}

/** The kind a body's own code, type or status names (first match of code, type, status, reasons). */
function codedKind(error: ErrorBody): FailureKind | undefined {
  for (const value of [error.code, error.type, error.status, ...error.reasons])
    if (value !== undefined && Object.hasOwn(CODE_KINDS, value)) return CODE_KINDS[value];
  return undefined;
}

/**
 * The kind of a failed HTTP response, from structure first:
 * 1. a decisive code/type (`insufficient_quota`, `invalid_api_key`, `context_length_exceeded`,
 *    Anthropic `billing_error`/`authentication_error`, Gemini `API_KEY_INVALID`);
 * 2. the status: 401/403 → key rejected (OpenRouter's 403 for flagged input → bad request);
 *    402 → quota; 404 → model not found; 408 → timeout; 413 → request too large (Groq's
 *    "Request too large … tokens per minute" is a tier limit, not a quota, and so is OpenAI's
 *    429 of the same words); 429 → rate limited,
 *    or quota when the provider marks a per-day limit (Gemini `…PerDay…` quota ids, Groq's
 *    "(TPD)"/"(RPD)"); 409, 5xx and Anthropic's 529 → server error;
 * 3. other 4xx: the body's code/type/status, then message words (URLs removed) → key rejected,
 *    quota (Anthropic's 400 "credit balance is too low"), context too long, model not found;
 *    else bad request.
 */
function kindOf(status: number, error: ErrorBody): FailureKind {
  const coded = codedKind(error);
  if (coded && DECISIVE.has(coded)) return coded;
  const words = wordsOf(error.message);
  if (status === 401) return 'key_rejected';
  if (status === 403) return error.flagged ? 'bad_request' : 'key_rejected';
  if (status === 402) return 'quota_exhausted';
  if (status === 404) return 'model_not_found';
  if (status === 408) return 'timeout';
  if (status === 413) return 'request_too_large';
  if (status === 429) {
    // OpenAI answers a request larger than the tier's tokens per minute with 429 "Request too large …".
    if (/^request too large\b/.test(words.trim())) return 'request_too_large';
    if (error.quotaIds.some((id) => /PerDay/i.test(id))) return 'quota_exhausted';
    if (error.status === 'RESOURCE_EXHAUSTED') return 'rate_limited';
    if (PER_DAY.test(words) || QUOTA_WORDS.test(words)) return 'quota_exhausted';
    if (!coded && /\bquota\b/.test(words) && !/rate.?limit|per minute|per min\b/.test(words))
      return 'quota_exhausted';
    return 'rate_limited';
  }
  if (status === 409 || status >= 500) return 'server_error';
  if (coded && coded !== 'rate_limited') return coded;
  if (KEY_WORDS.test(words)) return 'key_rejected';
  if (QUOTA_WORDS.test(words)) return 'quota_exhausted';
  if (CONTEXT_WORDS.test(words)) return 'context_too_long';
  if (MODEL_WORDS.test(words)) return 'model_not_found';
  return 'bad_request';
}

/** Kinds whose wait the provider may name (headers, Gemini `RetryInfo`). */
const TIMED: ReadonlySet<FailureKind> = new Set(['rate_limited', 'quota_exhausted', 'server_error']);

/**
 * Classifies a failed HTTP response (OpenAI, Groq, OpenRouter, Together, Perplexity, Gemini
 * array errors, Anthropic) into a ProviderFailure: the kind (see kindOf), the provider's
 * message, the status and, for rate limits, quotas and server errors, the wait it named
 * (`retry-after-ms`, `retry-after`, the reset of the limit that was hit — not for a quota —,
 * Gemini `RetryInfo`), capped at MAX_COOLDOWN_MS.
 */
export function classifyResponse(
  status: number,
  headers: IncomingHttpHeaders,
  body: string,
  now: number,
): ProviderFailure {
  const error = readErrorBody(body);
  const kind = kindOf(status, error);
  let retryAfter: number | null = null;
  if (TIMED.has(kind)) {
    const limitHit = error.type === 'tokens' || error.type === 'requests' ? error.type : undefined;
    retryAfter =
      retryAfterFrom(headers, now, limitHit, kind !== 'quota_exhausted') ?? error.retryDelayMs ?? null;
  }
  const message = error.message?.trim() || `HTTP ${status}`;
  return new ProviderFailure(
    kind,
    message,
    status,
    retryAfter === null ? null : Math.min(retryAfter, MAX_COOLDOWN_MS),
  );
}

/**
 * Classifies an error event inside a stream: OpenRouter's `data: {error: {code, message}}`
 * (code a number like 429 or a string like `server_error`, per openrouter.ai/docs "Streaming")
 * or Anthropic's `event: error` (`{type: "error", error: {type: "overloaded_error", …}}`).
 * Numeric codes classify like HTTP statuses, named codes and Anthropic types by what they
 * name; a request error that shows up mid-stream, or anything unknown, is `stream_interrupted`.
 */
export function classifyStreamError(payload: {
  code?: unknown;
  message?: unknown;
  type?: unknown;
}): ProviderFailure {
  const message = typeof payload.message === 'string' ? payload.message : 'error event in the stream';
  const code = typeof payload.code === 'number' ? payload.code : Number(payload.code);
  const body = JSON.stringify({ error: { message, code: payload.code, type: payload.type } });
  let failure: ProviderFailure | null = null;
  if (Number.isFinite(code) && code >= 400) failure = classifyResponse(code, {}, body, 0);
  else {
    const named = codedKind(readErrorBody(body));
    if (named) failure = new ProviderFailure(named, message, ANTHROPIC_STATUS[String(payload.type)] ?? null);
  }
  if (!failure || failure.kind === 'bad_request') return new ProviderFailure('stream_interrupted', message);
  return new ProviderFailure(failure.kind, message, failure.status);
}

/** Anthropic error types and the statuses they come with (docs.anthropic.com, "Errors"). */
const ANTHROPIC_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};
