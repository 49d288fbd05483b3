import type { PresetProviderId, Settings } from '../../../src-shared/settings';
import { PROVIDER_PRESETS, presetBaseUrl, presetSecretNames } from '../providers/presets';
import { parseRegistry, protocolOf } from '../providers/registry';
import type { CredentialStore } from '../secrets/credential-store';
import { keyFingerprint } from '../secrets/mask';
import type { Target } from './types';

export type Env = Readonly<Record<string, string | undefined>>;

/** The keys of a preset: `<id>_api_key`, then the `<id>_api_keys` pool, then `<ID>_API_KEY` from the environment if the store has none. */
export function presetKeys(id: PresetProviderId, credentials: CredentialStore, env: Env): string[] {
  const [single, pool] = presetSecretNames(id);
  const keys = [...credentials.get(single), ...credentials.get(pool)];
  const fromEnv = env[`${id.toUpperCase()}_API_KEY`]?.trim();
  if (keys.length === 0 && fromEnv) keys.push(fromEnv);
  return [...new Set(keys)];
}

/** Secret name of a registry entry's keys in the credential store. */
export function registrySecretName(entryId: string): string {
  return `registry.${entryId}`;
}

/** A caller's explicit choice of provider (preset id or registry entry id) and model, e.g. from `groq/llama-3.1-8b-instant`. */
export interface Route {
  providerId: string;
  model?: string;
}

/**
 * Every target the current settings allow, in priority order: for a preset, its keys in order
 * (model = `open_interpreter_model`, or the preset default when empty); for `registry_auto`,
 * each enabled registry entry's keys in registry order (`selected` mode keeps only the first
 * enabled entry). Entries whose protocol is not OpenAI-compatible are left out for now.
 * With a `route`, only that provider's keys (any mode), with the route's model if given.
 */
export function resolveTargets(settings: Settings, credentials: CredentialStore, env: Env, route?: Route): { targets: Target[]; providerLabel: string } {
  if (route) {
    if (Object.hasOwn(PROVIDER_PRESETS, route.providerId)) {
      const id = route.providerId as PresetProviderId;
      return resolveTargets({ ...settings, open_interpreter_provider: id, open_interpreter_model: route.model ?? PROVIDER_PRESETS[id].defaultModel }, credentials, env);
    }
    const { entries } = parseRegistry(settings.open_interpreter_provider_registry);
    const entry = entries.find((e) => e.id === route.providerId);
    if (!entry) return { targets: [], providerLabel: route.providerId };
    const only = JSON.stringify([{ ...entry, enabled: true, ...(route.model ? { model: route.model } : {}) }]);
    return resolveTargets({ ...settings, open_interpreter_provider: 'registry_auto', open_interpreter_registry_mode: 'failover', open_interpreter_provider_registry: only }, credentials, env);
  }
  const choice = settings.open_interpreter_provider;
  if (choice !== 'registry_auto') {
    const preset = PROVIDER_PRESETS[choice];
    const baseUrl = presetBaseUrl(choice, env);
    const model = settings.open_interpreter_model.trim() || preset.defaultModel;
    const targets = presetKeys(choice, credentials, env).map((apiKey) => ({
      providerId: preset.id,
      providerLabel: preset.label,
      baseUrl,
      model,
      apiKey,
      keyFingerprint: keyFingerprint(apiKey),
      headers: { ...preset.headers },
    }));
    return { targets, providerLabel: preset.label };
  }
  const { entries } = parseRegistry(settings.open_interpreter_provider_registry);
  let enabled = entries.filter((e) => e.enabled && protocolOf(e.provider) === 'openai');
  if (settings.open_interpreter_registry_mode === 'selected') enabled = enabled.slice(0, 1);
  const targets: Target[] = [];
  for (const entry of enabled) {
    const keys = [...new Set([...entry.api_keys, ...credentials.get(registrySecretName(entry.id))])];
    for (const apiKey of keys) {
      const target: Target = {
        providerId: entry.id,
        providerLabel: entry.id,
        baseUrl: entry.api_base,
        model: entry.model,
        apiKey,
        keyFingerprint: keyFingerprint(apiKey),
        headers: { ...entry.headers },
      };
      if (entry.requests_per_minute) target.requestsPerMinute = entry.requests_per_minute;
      targets.push(target);
    }
  }
  return { targets, providerLabel: 'the provider registry' };
}
