import { z } from 'zod';
import type { JsonProblem } from '../../../src-shared/json-problems';
import { englishProblem, PROBLEM_WORDS, problemOfIssue } from '../settings/json-problems';

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

const W = PROBLEM_WORDS;

const httpUrl = z
  .string({ error: W.not_http_url })
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, W.not_http_url);

const keyText = z.string({ error: W.not_string }).trim().min(1, { error: W.empty });

const entrySchema = z
  .object({
    id: z.string({ error: W.not_string }).regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: W.bad_id }),
    api_base: httpUrl,
    model: z.string({ error: W.not_string }).trim().min(1, { error: W.empty }),
    api_key: keyText.optional(),
    api_keys: z.union([z.array(keyText), z.string()], { error: W.not_key_list }).optional(),
    enabled: z.boolean({ error: W.not_boolean }).default(true),
    provider: z.enum(REGISTRY_PROVIDER_KINDS).optional(),
    headers: z
      .record(z.string(), z.string({ error: W.not_string_values }), { error: W.not_string_object })
      .optional(),
    requests_per_minute: z
      .number({ error: W.not_whole_number })
      .int({ error: W.not_whole_number })
      .min(0)
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
 * requests_per_minute?}`. Every problem names its entry and field (`problems`, as codes; `errors`,
 * the same in English, e.g. "entry 2 (`gemini-a`): `api_base` must be an http(s) URL"). Never throws.
 */
export function parseRegistry(text: string): {
  entries: RegistryEntry[];
  errors: string[];
  problems: JsonProblem[];
} {
  const problems: JsonProblem[] = [];
  const done = (entries: RegistryEntry[]) => ({ entries, problems, errors: problems.map(englishProblem) });
  if (text.trim() === '') return done([]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push({ code: 'not_json', params: { detail: (error as Error).message } });
    return done([]);
  }
  if (!Array.isArray(json)) {
    problems.push({ code: 'not_array' });
    return done([]);
  }

  const entries: RegistryEntry[] = [];
  const seen = new Set<string>();
  json.forEach((raw: unknown, index) => {
    const rawId =
      typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : '';
    // Name the entry by its id only when the id itself is valid (never echo a garbled one).
    const where: Pick<JsonProblem, 'entry' | 'id'> = {
      entry: index + 1,
      ...(/^[A-Za-z0-9_.-]{1,64}$/.test(rawId) ? { id: rawId } : {}),
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ ...where, code: 'entry_not_object' });
      return;
    }
    const result = entrySchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const problem = problemOfIssue(issue);
        // A missing id is "required" rather than "must be a string".
        if (problem.field === 'id' && problem.code === 'not_string' && rawId === '')
          problem.code = 'required';
        problems.push({ ...where, ...problem });
      }
      return;
    }
    const e = result.data;
    if (seen.has(e.id)) {
      problems.push({ ...where, field: 'id', code: 'id_taken' });
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
  return done(entries);
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
