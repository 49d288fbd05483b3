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
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(value);
  if (!match || value === '') return null;
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return Math.round(Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1000 + Number(ms));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long a provider asks us to wait, in ms: `retry-after-ms` (OpenAI), `retry-after` as
 * seconds or an HTTP date, else the `x-ratelimit-reset-*` duration that matches the limit hit
 * (Groq's `type: "tokens"` → reset-tokens). Null when none is given.
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
  const resets = (limitType === 'tokens' ? ['tokens', 'requests'] : ['requests', 'tokens'])
    .map((kind) => header(headers, `x-ratelimit-reset-${kind}`))
    .map((text) => (text ? parseDuration(text) : null))
    .filter((v): v is number => v !== null);
  return resets[0] ?? null;
}

/** The error object of a provider body: OpenAI `{error}`, Gemini `[{error}]`, or the object itself. */
function errorObject(body: string): { message?: string; code?: string; type?: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { message: body.slice(0, 300) };
  }
  if (Array.isArray(json)) json = json[0];
  if (typeof json !== 'object' || json === null) return {};
  const inner = (json as { error?: unknown }).error ?? json;
  if (typeof inner === 'string') return { message: inner };
  if (typeof inner !== 'object' || inner === null) return {};
  const e = inner as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return { message: text(e.message), code: text(e.code), type: text(e.type) ?? text(e.status) };
}

/**
 * Classifies a failed HTTP response (OpenAI, Groq, OpenRouter, Gemini array errors): 429 →
 * rate limited unless the body says quota/billing (`insufficient_quota`); 402 → quota; 401/403
 * → key rejected; 404 → model not found; 400/413/422 mentioning context length → context too
 * long, else bad request; 408 → timeout; 5xx → server error.
 */
export function classifyResponse(status: number, headers: IncomingHttpHeaders, body: string, now: number): ProviderFailure {
  const error = errorObject(body);
  const text = `${error.message ?? ''} ${error.code ?? ''} ${error.type ?? ''}`.toLowerCase();
  let kind: FailureKind;
  if (status === 429) kind = /insufficient_quota|quota|billing|credit/.test(text) && !/rate.?limit_exceeded|tokens per minute|requests per minute/.test(text) ? 'quota_exhausted' : 'rate_limited';
  else if (status === 402) kind = 'quota_exhausted';
  else if (status === 401 || status === 403) kind = 'key_rejected';
  else if (status === 404) kind = 'model_not_found';
  else if (status === 408) kind = 'timeout';
  else if (status >= 500) kind = 'server_error';
  else if (/context.?length|context window|too long|maximum context|too many tokens|reduce the length/.test(text)) kind = 'context_too_long';
  else kind = 'bad_request';
  const retryAfter = kind === 'rate_limited' || kind === 'server_error' ? retryAfterFrom(headers, now, error.type) : null;
  const message = error.message?.trim() || `HTTP ${status}`;
  return new ProviderFailure(kind, message, status, retryAfter === null ? null : Math.min(retryAfter, MAX_COOLDOWN_MS));
}

/** Classifies an error event inside a stream (OpenRouter sends `{error: {code, message}}` as data). */
export function classifyStreamError(payload: { code?: unknown; message?: unknown }): ProviderFailure {
  const code = typeof payload.code === 'number' ? payload.code : Number(payload.code);
  const message = typeof payload.message === 'string' ? payload.message : 'error event in the stream';
  if (Number.isFinite(code) && code >= 400) {
    const failure = classifyResponse(code, {}, JSON.stringify({ error: { message, code: payload.code } }), 0);
    return new ProviderFailure(failure.kind === 'bad_request' ? 'stream_interrupted' : failure.kind, message, code);
  }
  return new ProviderFailure('stream_interrupted', message);
}
