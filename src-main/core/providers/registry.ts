import { z } from 'zod';

/** Wire protocols the router speaks. Gemini and Ollama use their OpenAI-compatible endpoints. */
export type Protocol = 'openai' | 'anthropic';

/** Provider kinds a registry entry may name (or that are detected from its `api_base`). */
export const REGISTRY_PROVIDER_KINDS = [
  'openai_compatible',
  'openai',
  'groq',
  'openrouter',
  'together',
  'perplexity',
  'gemini',
  'anthropic',
  'ollama',
] as const;
export type RegistryProviderKind = (typeof REGISTRY_PROVIDER_KINDS)[number];

/** One validated registry entry (keys still inline; the store moves them out on save). */
export interface RegistryEntry {
  id: string;
  api_base: string;
  model: string;
  api_keys: string[];
  enabled: boolean;
  provider: RegistryProviderKind;
  headers: Record<string, string>;
  /** Per-entry sliding 60 s limit; undefined = none beyond the global one. */
  requests_per_minute?: number;
}

const httpUrl = z
  .string({ error: 'must be an http(s) URL' })
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

const keyText = z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' });

const entrySchema = z
  .object({
    id: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1–64 letters, digits, "-", "_" or "."' }),
    api_base: httpUrl,
    model: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }),
    api_key: keyText.optional(),
    api_keys: z.union([z.array(keyText), z.string()], { error: 'must be a list of keys or one string' }).optional(),
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    provider: z.enum(REGISTRY_PROVIDER_KINDS, { error: `must be one of ${REGISTRY_PROVIDER_KINDS.join(', ')}` }).optional(),
    headers: z.record(z.string(), z.string({ error: 'values must be strings' }), { error: 'must be an object of strings' }).optional(),
    requests_per_minute: z
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be 0 or more' })
      .optional(),
  })
  .strict();

/**
 * Detects an entry's provider from its `api_base` (the seed's rules): anthropic.com →
 * Anthropic; googleapis / gemini → Gemini; port 11434 → Ollama; everything else, including
 * `/openai` and `/chat/completions` URLs → OpenAI-compatible (openrouter.ai is named, for its
 * headers).
 */
export function detectProvider(apiBase: string): RegistryProviderKind {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    return 'openai_compatible';
  }
  const host = url.hostname.toLowerCase();
  if (host.endsWith('anthropic.com')) return 'anthropic';
  if (host.includes('googleapis') || host.includes('gemini')) return 'gemini';
  // OpenAI-compatible, but it wants its attribution headers (added by the router).
  if (host === 'openrouter.ai' || host.endsWith('.openrouter.ai')) return 'openrouter';
  if (url.port === '11434') return 'ollama';
  return 'openai_compatible';
}

/** The wire protocol for a provider kind. */
export function protocolOf(kind: RegistryProviderKind): Protocol {
  return kind === 'anthropic' ? 'anthropic' : 'openai';
}

/**
 * Parses `open_interpreter_provider_registry`: empty text → no entries; otherwise a JSON array
 * of entries `{id, api_base, model, api_keys | api_key, enabled, provider?, headers?,
 * requests_per_minute?}`. Every problem is reported with its entry and field, e.g.
 * "entry 2 (`gemini-a`): `api_base` must be an http(s) URL". Never throws.
 */
export function parseRegistry(text: string): { entries: RegistryEntry[]; errors: string[] } {
  if (text.trim() === '') return { entries: [], errors: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { entries: [], errors: [`is not valid JSON (${(error as Error).message})`] };
  }
  if (!Array.isArray(json)) return { entries: [], errors: ['must be a JSON array of entries'] };

  const entries: RegistryEntry[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  json.forEach((raw: unknown, index) => {
    const rawId = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '';
    // Name the entry by its id only when the id itself is valid (never echo a garbled one).
    const where = `entry ${index + 1}${/^[A-Za-z0-9_.-]{1,64}$/.test(rawId) ? ` (\`${rawId}\`)` : ''}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${where}: must be an object with \`id\`, \`api_base\` and \`model\``);
      return;
    }
    const result = entrySchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          errors.push(`${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`);
        } else {
          const field = issue.path[0] === undefined ? 'entry' : `\`${String(issue.path[0])}\``;
          errors.push(`${where}: ${field} ${issue.path[0] === 'id' && rawId === '' && issue.message.startsWith('must be a string') ? 'is required' : issue.message}`);
        }
      }
      return;
    }
    const e = result.data;
    if (seen.has(e.id)) {
      errors.push(`${where}: \`id\` is used by an earlier entry`);
      return;
    }
    seen.add(e.id);
    const pool = typeof e.api_keys === 'string' ? e.api_keys.split(/[\r\n,]+/) : (e.api_keys ?? []);
    const keys = [...new Set([e.api_key, ...pool].map((k) => k?.trim() ?? '').filter((k) => k.length > 0))];
    const entry: RegistryEntry = {
      id: e.id,
      api_base: e.api_base.replace(/\/+$/, ''),
      model: e.model,
      api_keys: keys,
      enabled: e.enabled,
      provider: e.provider ?? detectProvider(e.api_base),
      headers: e.headers ?? {},
    };
    if (e.requests_per_minute !== undefined) entry.requests_per_minute = e.requests_per_minute;
    entries.push(entry);
  });
  return { entries, errors };
}

/** Serialises entries back to the stored JSON form, without keys (they live in the credential store). */
export function registryToStoredJson(entries: RegistryEntry[]): string {
  if (entries.length === 0) return '';
  const stored = entries.map(({ api_keys: _keys, ...rest }) => {
    const out: Record<string, unknown> = { ...rest };
    if (Object.keys(rest.headers).length === 0) delete out.headers;
    return out;
  });
  return `${JSON.stringify(stored, null, 2)}`;
}
