import type { IncomingHttpHeaders } from 'node:http';
import { ProviderFailure, type FailureKind } from './types';

/** The longest cooldown a provider's reset header may impose on a key, in ms. */
export const MAX_COOLDOWN_MS = 15 * 60_000;

/**
 * Parses a duration as providers write it: Groq's `2m59.56s`, `7.66s`, `1h2m`, `250ms`, or a
 * bare number of seconds. Returns ms, or null when it does not parse.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const match =
    /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(
      value,
    );
  if (!match || value === '') return null;
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return Math.round(Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1000 + Number(ms));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A reset value: a duration (`7.66s`, seconds) or a timestamp (RFC 3339 / HTTP date, Anthropic's resets). */
function resetIn(text: string, now: number): number | null {
  const duration = parseDuration(text);
  if (duration !== null) return duration;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * How long a provider asks us to wait, in ms: `retry-after-ms` (OpenAI), `retry-after` as
 * seconds or an HTTP date, else the `x-ratelimit-reset-*` duration that matches the limit hit
 * (Groq's `type: "tokens"` → reset-tokens), else Anthropic's `anthropic-ratelimit-*-reset`
 * timestamps. Null when none is given.
 */
export function retryAfterFrom(headers: IncomingHttpHeaders, now: number, limitType?: string): number | null {
  const ms = header(headers, 'retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = header(headers, 'retry-after');
  if (after) {
    if (/^\d+(?:\.\d+)?$/.test(after.trim())) return Math.round(Number(after) * 1000);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const kinds = limitType === 'tokens' ? ['tokens', 'requests'] : ['requests', 'tokens'];
  const names = [
    ...kinds.map((kind) => `x-ratelimit-reset-${kind}`),
    ...['requests', 'tokens', 'input-tokens', 'output-tokens'].map(
      (kind) => `anthropic-ratelimit-${kind}-reset`,
    ),
  ];
  for (const name of names) {
    const text = header(headers, name);
    const value = text ? resetIn(text, now) : null;
    if (value !== null) return value;
  }
  return null;
}

/** The parts of a provider's error body we act on. */
export interface ErrorBody {
  message?: string;
  code?: string;
  /** OpenAI/Groq `type`, Anthropic `error.type`, Gemini `status` (`RESOURCE_EXHAUSTED`). */
  type?: string;
  /** Gemini `RetryInfo.retryDelay`, in ms. */
  retryDelayMs?: number;
  /** Extra words worth matching (Gemini quota ids, Anthropic `details.error_code`). */
  detail?: string;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/**
 * Reads a provider's error body: OpenAI/Groq/OpenRouter `{error: {message, type, code}}`,
 * Anthropic `{type: "error", error: {type, message}}`, Gemini's array
 * `[{error: {code, message, status, details}}]`, a bare string, or plain text.
 */
export function readErrorBody(body: string): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body.trim() ? { message: body.trim().slice(0, 300) } : {};
  }
  if (Array.isArray(json)) json = json[0];
  if (typeof json !== 'object' || json === null) return {};
  const inner = (json as { error?: unknown }).error ?? json;
  if (typeof inner === 'string') return { message: inner };
  if (typeof inner !== 'object' || inner === null) return {};
  const e = inner as Record<string, unknown>;
  const out: ErrorBody = {};
  const message = text(e.message);
  const code = text(e.code);
  const type = text(e.status) ?? text(e.type);
  if (message !== undefined) out.message = message;
  if (code !== undefined) out.code = code;
  if (type !== undefined) out.type = type;
  const details = Array.isArray(e.details)
    ? e.details
    : typeof e.details === 'object' && e.details !== null
      ? [e.details]
      : [];
  const words: string[] = [];
  for (const detail of details as Array<Record<string, unknown>>) {
    if (typeof detail !== 'object' || detail === null) continue;
    const delay = text(detail.retryDelay);
    const parsed = delay ? parseDuration(delay) : null;
    if (parsed !== null) out.retryDelayMs = parsed;
    for (const value of [detail.error_code, detail.reason]) if (typeof value === 'string') words.push(value);
    if (Array.isArray(detail.violations))
      for (const v of detail.violations as Array<Record<string, unknown>>)
        if (typeof v?.quotaId === 'string') words.push(v.quotaId);
  }
  if (words.length > 0) out.detail = words.join(' ');
  return out;
}

const QUOTA_WORDS =
  /insufficient_quota|billing|credit balance|credits|spend.?limit|payment required|out of quota/;
const KEY_WORDS =
  /api key not valid|api_key_invalid|invalid api key|invalid x-api-key|invalid_api_key|authentication_error/;
const CONTEXT_WORDS =
  /context.?length|context window|too long|maximum context|too many tokens|reduce the length|prompt is too long/;

/**
 * Classifies a failed HTTP response (OpenAI, Groq, OpenRouter, Together, Perplexity, Gemini
 * array errors, Anthropic): 429 → rate limited, unless the body says quota/billing/spend limit
 * (`insufficient_quota`, Anthropic `enforced_spend_limit_reached`, a Gemini per-day quota) →
 * quota exhausted; 402 → quota; 401/403 and Gemini's 400 "API key not valid" → key rejected;
 * 404 → model not found; context-length words → context too long; 408 → timeout; 409 and 5xx
 * (Anthropic's 529 too) → server error; other 4xx → bad request. `retryAfterMs` comes from the
 * headers or Gemini's `RetryInfo`, capped at MAX_COOLDOWN_MS.
 */
export function classifyResponse(
  status: number,
  headers: IncomingHttpHeaders,
  body: string,
  now: number,
): ProviderFailure {
  const error = readErrorBody(body);
  const words =
    `${error.message ?? ''} ${error.code ?? ''} ${error.type ?? ''} ${error.detail ?? ''}`.toLowerCase();
  let kind: FailureKind;
  if (status === 429) kind = quotaOrRateLimit(words, error.type);
  else if (status === 402) kind = 'quota_exhausted';
  else if (status === 401 || status === 403) kind = 'key_rejected';
  else if (status === 404) kind = 'model_not_found';
  else if (status === 408) kind = 'timeout';
  else if (status === 409 || status >= 500) kind = 'server_error';
  else if (KEY_WORDS.test(words)) kind = 'key_rejected';
  else if (/credit balance is too low|spend.?limit|billing/.test(words)) kind = 'quota_exhausted';
  else if (CONTEXT_WORDS.test(words)) kind = 'context_too_long';
  else if (/model_not_found|model .*does not exist|unknown model|no such model/.test(words))
    kind = 'model_not_found';
  else kind = 'bad_request';
  let retryAfter: number | null = null;
  if (kind === 'rate_limited' || kind === 'server_error')
    retryAfter = retryAfterFrom(headers, now, error.type) ?? error.retryDelayMs ?? null;
  const message = error.message?.trim() || `HTTP ${status}`;
  return new ProviderFailure(
    kind,
    message,
    status,
    retryAfter === null ? null : Math.min(retryAfter, MAX_COOLDOWN_MS),
  );
}

function quotaOrRateLimit(words: string, type: string | undefined): FailureKind {
  // Gemini says "quota" for per-minute limits too; only a per-day quota is out for the day.
  if (type === 'RESOURCE_EXHAUSTED') return /per ?day/.test(words) ? 'quota_exhausted' : 'rate_limited';
  if (QUOTA_WORDS.test(words)) return 'quota_exhausted';
  if (/\bquota\b/.test(words) && !/rate.?limit|per minute|tokens per|requests per/.test(words))
    return 'quota_exhausted';
  return 'rate_limited';
}

/**
 * Classifies an error event inside a stream: OpenRouter's `data: {error: {code, message}}`
 * or Anthropic's `event: error` (`{type: "error", error: {type: "overloaded_error", …}}`).
 * Numeric codes classify like HTTP statuses; Anthropic types map to theirs; anything else is
 * `stream_interrupted`.
 */
export function classifyStreamError(payload: {
  code?: unknown;
  message?: unknown;
  type?: unknown;
}): ProviderFailure {
  const message = typeof payload.message === 'string' ? payload.message : 'error event in the stream';
  const code = typeof payload.code === 'number' ? payload.code : Number(payload.code);
  const status = Number.isFinite(code) && code >= 400 ? code : ANTHROPIC_STATUS[String(payload.type)];
  if (status !== undefined) {
    const failure = classifyResponse(
      status,
      {},
      JSON.stringify({ error: { message, code: payload.code, type: payload.type } }),
      0,
    );
    return new ProviderFailure(
      failure.kind === 'bad_request' ? 'stream_interrupted' : failure.kind,
      message,
      status,
    );
  }
  return new ProviderFailure('stream_interrupted', message);
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
