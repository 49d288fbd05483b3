import { PRESET_INFO, type PresetProviderId } from '../../../src-shared/settings';
import type { Protocol } from './registry';

/** A built-in provider: where it lives, how to talk to it, and what it needs. */
export interface ProviderPreset {
  id: PresetProviderId;
  label: string;
  /** Documented base URL (no trailing slash); `/chat/completions` or `/messages` is appended. */
  baseUrl: string;
  defaultModel: string;
  /** `openai` = chat completions; `anthropic` = the Messages API through the native adapter. */
  protocol: Protocol;
  /** Extra headers the provider wants on every request. */
  headers: Record<string, string>;
}

/** Headers OpenRouter asks apps to identify themselves with (its "app attribution"). */
export const OPENROUTER_HEADERS: Readonly<Record<string, string>> = {
  'HTTP-Referer': 'https://github.com/switchboard-app/switchboard',
  'X-Title': 'Switchboard',
};

/** Provider presets (base URLs and default models from each provider's public docs). */
export const PROVIDER_PRESETS: Readonly<Record<PresetProviderId, ProviderPreset>> = {
  groq: preset('groq', 'https://api.groq.com/openai/v1'),
  openai: preset('openai', 'https://api.openai.com/v1'),
  openrouter: preset('openrouter', 'https://openrouter.ai/api/v1', 'openai', OPENROUTER_HEADERS),
  together: preset('together', 'https://api.together.xyz/v1'),
  perplexity: preset('perplexity', 'https://api.perplexity.ai'),
  gemini: preset('gemini', 'https://generativelanguage.googleapis.com/v1beta/openai'),
  // Not OpenAI-compatible: requests go through the Messages API adapter.
  anthropic: preset('anthropic', 'https://api.anthropic.com/v1', 'anthropic'),
};

function preset(id: PresetProviderId, baseUrl: string, protocol: Protocol = 'openai', headers: Readonly<Record<string, string>> = {}): ProviderPreset {
  return { id, ...PRESET_INFO[id], baseUrl, protocol, headers: { ...headers } };
}

/**
 * A preset's base URL, overridden by `SWITCHBOARD_<PROVIDER>_BASE_URL` when set (tests, demos,
 * corporate proxies), e.g. `SWITCHBOARD_GROQ_BASE_URL=http://127.0.0.1:9000/openai/v1`.
 */
export function presetBaseUrl(id: PresetProviderId, env: Readonly<Record<string, string | undefined>>): string {
  const override = env[`SWITCHBOARD_${id.toUpperCase()}_BASE_URL`]?.trim();
  return (override || PROVIDER_PRESETS[id].baseUrl).replace(/\/+$/, '');
}

/** Secret names holding a preset's keys: the single key first, then the pool (seed names). */
export function presetSecretNames(id: PresetProviderId): [single: string, pool: string] {
  return [`${id}_api_key`, `${id}_api_keys`];
}

/** True when `id` names a preset. */
export function isPresetId(id: string): id is PresetProviderId {
  return Object.hasOwn(PROVIDER_PRESETS, id);
}
