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

/**
 * Every target the current settings allow, in priority order: for a preset, its keys in order
 * (model = `open_interpreter_model`, or the preset default when empty); for `registry_auto`,
 * each enabled registry entry's keys in registry order (`selected` mode keeps only the first
 * enabled entry). Entries whose protocol is not OpenAI-compatible are left out for now.
 */
export function resolveTargets(settings: Settings, credentials: CredentialStore, env: Env): { targets: Target[]; providerLabel: string } {
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
