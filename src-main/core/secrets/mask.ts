/**
 * Masks a key for display: its recognisable prefix and last four characters, e.g.
 * `gsk_…abcd`, `sk-proj-…wxyz`, `sk-or-v1-…1234`, `AIza…1234`. Keys shorter than 12 characters show only `…` and
 * their last two, so a short secret is not half revealed.
 */
export function maskKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed.length < 12) return `…${trimmed.slice(-2)}`;
  const prefix = /^(?:sk-(?:proj|svcacct|admin|ant|or-v1)-|[A-Za-z]{2,5}[-_]|AIza)/.exec(trimmed)?.[0] ?? '';
  return `${prefix}…${trimmed.slice(-4)}`;
}

/** The last four characters, as shown in the call log and key states (`…abcd`). */
export function keyFingerprint(key: string): string {
  return `…${key.trim().slice(-4)}`;
}

/**
 * Splits a key-pool text box into keys: one per line, commas also accepted (the seed's
 * `groq_api_keys` format). Blank entries and duplicates are dropped, order kept.
 */
export function splitKeyList(text: string): string[] {
  const keys = text
    .split(/[\r\n,]+/)
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  return [...new Set(keys)];
}
