import type { IncomingHttpHeaders } from 'node:http';

/** The longest cooldown a provider's headers may impose on a key or provider, in ms. */
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

/** The limits a provider reports, each with its remaining and reset header. */
const LIMITS: ReadonlyArray<{ kind: string; remaining: string; reset: string }> = [
  ...['requests', 'tokens'].map((kind) => ({
    kind,
    remaining: `x-ratelimit-remaining-${kind}`,
    reset: `x-ratelimit-reset-${kind}`,
  })),
  ...['requests', 'tokens', 'input-tokens', 'output-tokens'].map((kind) => ({
    kind,
    remaining: `anthropic-ratelimit-${kind}-remaining`,
    reset: `anthropic-ratelimit-${kind}-reset`,
  })),
];

/**
 * How long a provider asks us to wait, in ms, or null when it says nothing:
 * 1. `retry-after-ms` (OpenAI), then `retry-after` as seconds or an HTTP date;
 * 2. else the reset of the limit that was hit: the one the body names (`limitHit`, Groq's
 *    `type: "tokens"`), else those whose `x-ratelimit-remaining-*` /
 *    `anthropic-ratelimit-*-remaining` header is 0 (the longest reset when several are spent),
 *    else the first reset given (requests before tokens). `useResets: false` skips step 2 (a
 *    quota's wait is not the reset of a per-minute window).
 */
export function retryAfterFrom(
  headers: IncomingHttpHeaders,
  now: number,
  limitHit?: string,
  useResets = true,
): number | null {
  const ms = header(headers, 'retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = header(headers, 'retry-after');
  if (after) {
    if (/^\d+(?:\.\d+)?$/.test(after.trim())) return Math.round(Number(after) * 1000);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (!useResets) return null;
  const resets = LIMITS.map((limit) => {
    const text = header(headers, limit.reset);
    const value = text ? resetIn(text, now) : null;
    return {
      ...limit,
      value,
      spent: Number(header(headers, limit.remaining)) === 0 && header(headers, limit.remaining) !== undefined,
    };
  }).filter((r): r is typeof r & { value: number } => r.value !== null);
  if (resets.length === 0) return null;
  const named = resets.filter((r) => r.kind === limitHit);
  if (named.length > 0) return Math.max(...named.map((r) => r.value));
  const spent = resets.filter((r) => r.spent);
  if (spent.length > 0) return Math.max(...spent.map((r) => r.value));
  return (resets[0] as { value: number }).value;
}
