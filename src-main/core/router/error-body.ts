import { parseDuration } from './retry-after';

/** The parts of a provider's error body the classifier acts on (every field as sent). */
export interface ErrorBody {
  message?: string;
  /** `error.code`: OpenAI/Groq strings (`insufficient_quota`), OpenRouter/Gemini numbers as text (`402`). */
  code?: string;
  /** `error.type`: OpenAI/Groq (`insufficient_quota`, `tokens`), Anthropic (`overloaded_error`). */
  type?: string;
  /** Gemini's `error.status` (`RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`). */
  status?: string;
  /** Gemini `RetryInfo.retryDelay`, in ms. */
  retryDelayMs?: number;
  /** Gemini `QuotaFailure` violations' `quotaId`s (`GenerateRequestsPerDayPerProjectPerModel-FreeTier`). */
  quotaIds: string[];
  /** Gemini `ErrorInfo.reason` (`API_KEY_INVALID`), Anthropic `details.error_code`. */
  reasons: string[];
  /** OpenRouter's moderation metadata (`metadata.reasons` / `flagged_input`): the input was flagged. */
  flagged: boolean;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/**
 * Reads a provider's error body: OpenAI/Groq/OpenRouter/Together/Perplexity
 * `{error: {message, type, code, metadata}}`, Anthropic `{type: "error", error: {type,
 * message}}`, Gemini's `{error: {code, message, status, details}}` (its OpenAI endpoint wraps
 * it in a one-element array), a bare `{error: "text"}`, a JSON string (xAI), or plain text
 * (first 300 chars).
 */
export function readErrorBody(body: string): ErrorBody {
  const out: ErrorBody = { quotaIds: [], reasons: [], flagged: false };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    if (body.trim()) out.message = body.trim().slice(0, 300);
    return out;
  }
  if (Array.isArray(json)) json = json[0];
  // xAI answers with a bare JSON string.
  if (typeof json === 'string') {
    out.message = json;
    return out;
  }
  const outer = record(json);
  if (!outer) return out;
  const inner = outer.error ?? outer;
  if (typeof inner === 'string') {
    out.message = inner;
    return out;
  }
  const e = record(inner);
  if (!e) return out;
  const message = text(e.message);
  const code = text(e.code);
  const type = text(e.type);
  const status = text(e.status);
  if (message !== undefined) out.message = message;
  if (code !== undefined) out.code = code;
  if (type !== undefined) out.type = type;
  if (status !== undefined) out.status = status;
  const metadata = record(e.metadata);
  if (metadata && (Array.isArray(metadata.reasons) || metadata.flagged_input !== undefined))
    out.flagged = true;
  const details = Array.isArray(e.details) ? e.details : record(e.details) ? [e.details] : [];
  for (const item of details) {
    const detail = record(item);
    if (!detail) continue;
    const delay = text(detail.retryDelay);
    const parsed = delay ? parseDuration(delay) : null;
    if (parsed !== null) out.retryDelayMs = parsed;
    for (const value of [detail.error_code, detail.reason])
      if (typeof value === 'string') out.reasons.push(value);
    if (typeof detail.quotaId === 'string') out.quotaIds.push(detail.quotaId);
    if (Array.isArray(detail.violations))
      for (const violation of detail.violations) {
        const quotaId = record(violation)?.quotaId;
        if (typeof quotaId === 'string') out.quotaIds.push(quotaId);
      }
  }
  return out;
}
