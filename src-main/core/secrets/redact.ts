import { maskKey } from './mask';

/**
 * Shapes of provider keys and tokens, by their documented prefixes: Groq `gsk_`, OpenAI `sk-`
 * (`sk-proj-`, `sk-svcacct-`), Anthropic `sk-ant-`, OpenRouter `sk-or-v1-`, Google `AIza`,
 * Perplexity `pplx-`, xAI `xai-`, Replicate `r8_`, Hugging Face `hf_`, GitHub `ghp_`/`gho_`/
 * `github_pat_`, GitLab `glpat-`, AWS access key ids `AKIA`/`ASIA`.
 */
const KEY_SHAPE =
  /\b(?:sk-ant-|sk-or-v1-|sk-or-|sk-proj-|sk-svcacct-|sk-admin-|sk-|gsk_|pplx-|xai-|r8_|hf_|gh[pousr]_|github_pat_|glpat-)[A-Za-z0-9_-]{12,}|\bAIza[0-9A-Za-z_-]{20,}|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
/** True when `text` contains something shaped like a provider key or access token (KEY_SHAPE). */
export function looksLikeKey(text: string): boolean {
  KEY_SHAPE.lastIndex = 0;
  const found = KEY_SHAPE.test(text);
  KEY_SHAPE.lastIndex = 0;
  return found;
}

/** A credential after an auth scheme or a key parameter: `Bearer …`, `Basic …`, `key=…`, `api_key: "…"`. */
const AFTER_LABEL =
  /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/=-]{8,})|\b((?:api[_-]?key|access[_-]?token|key|token|secret)["']?\s*[:=]\s*["']?)([A-Za-z0-9._~+/-]{12,})/gi;

/** Shortest configured secret matched by value, in chars (shorter ones would hit ordinary words). */
const MIN_SECRET_CHARS = 8;

/**
 * Replaces secrets inside a text that came from a provider (an error message or body) with
 * their masks (`gsk_…abcd`), so the text can be stored, logged, shown and sent: every value in
 * `secrets` (the keys configured in Switchboard, matched exactly), anything shaped like a
 * provider key (KEY_SHAPE), and whatever follows `Bearer`/`Basic`/`key=`/`api_key:`.
 *
 * @param text Text as the provider sent it (chars).
 * @param secrets Known secret values; entries shorter than 8 chars are ignored.
 * @returns The text with every secret masked; unchanged when none is found.
 */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  const known = [...new Set([...secrets].map((s) => s.trim()))]
    .filter((s) => s.length >= MIN_SECRET_CHARS)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) result = result.split(secret).join(maskKey(secret));
  result = result.replace(KEY_SHAPE, (key) => maskKey(key));
  return result.replace(
    AFTER_LABEL,
    (whole, scheme?: string, space?: string, token?: string, label?: string, value?: string) => {
      if (scheme && token) return token.includes('…') ? whole : `${scheme}${space}${maskKey(token)}`;
      if (label && value) return value.includes('…') ? whole : `${label}${maskKey(value)}`;
      return whole;
    },
  );
}

/** The secret values a request carries in its headers (`authorization`, `x-api-key`, …) and URL (`?key=`). */
export function secretsOfRequest(headers: Record<string, string>, url: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') found.push(value.replace(/^\s*\S+\s+/, ''));
    else if (/(api[-_]?key|token|secret)/.test(lower)) found.push(value);
  }
  try {
    for (const [name, value] of new URL(url).searchParams) if (/key|token/i.test(name)) found.push(value);
  } catch {
    // Not a URL: no parameters to look at.
  }
  return found;
}
