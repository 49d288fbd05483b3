import { PRESET_PROVIDER_IDS, type PresetProviderId, type Settings } from '../../../src-shared/settings';
import {
  OPENROUTER_HEADERS,
  PROVIDER_PRESETS,
  isPresetId,
  presetBaseUrl,
  presetSecretNames,
} from '../providers/presets';
import { parseRegistry, protocolOf, type RegistryEntry } from '../providers/registry';
import type { CredentialStore } from '../secrets/credential-store';
import { keyFingerprint } from '../secrets/mask';
import type { Target } from './types';

/** Environment variables the router reads (`SWITCHBOARD_<PROVIDER>_BASE_URL`, `<PROVIDER>_API_KEY`). */
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

function makeTarget(fields: Omit<Target, 'identity' | 'providerScope' | 'keyFingerprint'>): Target {
  const providerScope = `${fields.providerId}\u0000${fields.baseUrl}`;
  return {
    ...fields,
    providerScope,
    identity: `${providerScope}\u0000${fields.apiKey}`,
    keyFingerprint: keyFingerprint(fields.apiKey),
  };
}

/** One target per key of a preset, with `model` (empty = the preset's default). */
export function presetTargets(id: PresetProviderId, model: string, keys: string[], env: Env): Target[] {
  const preset = PROVIDER_PRESETS[id];
  const baseUrl = presetBaseUrl(id, env);
  return keys.map((apiKey) =>
    makeTarget({
      providerId: id,
      providerLabel: preset.label,
      protocol: preset.protocol,
      baseUrl,
      model: model.trim() || preset.defaultModel,
      apiKey,
      headers: { ...preset.headers },
      ...(id === 'openai' ? { includeUsage: true } : {}),
    }),
  );
}

/** A registry entry's keys: inline ones, then `registry.<id>` in the store. */
export function registryKeys(entry: RegistryEntry, credentials: CredentialStore): string[] {
  return [...new Set([...entry.api_keys, ...credentials.get(registrySecretName(entry.id))])];
}

/**
 * One target per key of a registry entry. Anthropic entries whose `api_base` has no path get
 * `/v1`; OpenRouter entries get its attribution headers unless they set their own.
 */
export function registryTargets(entry: RegistryEntry, keys: string[], model = entry.model): Target[] {
  const protocol = protocolOf(entry.provider);
  let baseUrl = entry.api_base;
  if (protocol === 'anthropic' && new URL(baseUrl).pathname.replace(/\/+$/, '') === '')
    baseUrl = `${baseUrl}/v1`;
  const openRouter = entry.provider === 'openrouter' || new URL(baseUrl).hostname.endsWith('openrouter.ai');
  const headers = openRouter ? { ...OPENROUTER_HEADERS, ...entry.headers } : { ...entry.headers };
  return keys.map((apiKey) =>
    makeTarget({
      providerId: entry.id,
      providerLabel: entry.id,
      protocol,
      baseUrl,
      model,
      apiKey,
      headers,
      ...(entry.requests_per_minute ? { requestsPerMinute: entry.requests_per_minute } : {}),
      ...(entry.provider === 'openai' ? { includeUsage: true } : {}),
    }),
  );
}

/**
 * Every target the current settings allow, in priority order: for a preset, its keys in order
 * (model = `open_interpreter_model`, or the preset default when empty); for `registry_auto`,
 * each enabled registry entry's keys in registry order (`selected` mode keeps only the first
 * enabled entry). With a `route`, only that provider's keys (any mode), with the route's model
 * if given.
 */
export function resolveTargets(
  settings: Settings,
  credentials: CredentialStore,
  env: Env,
  route?: Route,
): { targets: Target[]; providerLabel: string } {
  if (route) {
    if (isPresetId(route.providerId)) {
      const id = route.providerId;
      return {
        targets: presetTargets(id, route.model ?? '', presetKeys(id, credentials, env), env),
        providerLabel: PROVIDER_PRESETS[id].label,
      };
    }
    const entry = parseRegistry(settings.open_interpreter_provider_registry).entries.find(
      (e) => e.id === route.providerId,
    );
    return {
      targets: entry
        ? registryTargets(entry, registryKeys(entry, credentials), route.model ?? entry.model)
        : [],
      providerLabel: route.providerId,
    };
  }
  const choice = settings.open_interpreter_provider;
  if (choice !== 'registry_auto') {
    return {
      targets: presetTargets(
        choice,
        settings.open_interpreter_model,
        presetKeys(choice, credentials, env),
        env,
      ),
      providerLabel: PROVIDER_PRESETS[choice].label,
    };
  }
  let enabled = parseRegistry(settings.open_interpreter_provider_registry).entries.filter((e) => e.enabled);
  if (settings.open_interpreter_registry_mode === 'selected') enabled = enabled.slice(0, 1);
  return {
    targets: enabled.flatMap((entry) => registryTargets(entry, registryKeys(entry, credentials))),
    providerLabel: 'the provider registry',
  };
}

/** A target with where it comes from, for the Activity view. */
export interface ListedTarget {
  target: Target;
  source: 'preset' | 'registry';
  /** The current settings route calls to it. */
  inUse: boolean;
}

/** Every target that has a key: every preset's keys, then every registry entry's (enabled or not). */
export function allTargets(settings: Settings, credentials: CredentialStore, env: Env): ListedTarget[] {
  const inUse = new Set(resolveTargets(settings, credentials, env).targets.map((t) => t.identity));
  const listed: ListedTarget[] = [];
  for (const id of PRESET_PROVIDER_IDS) {
    const model = settings.open_interpreter_provider === id ? settings.open_interpreter_model : '';
    for (const target of presetTargets(id, model, presetKeys(id, credentials, env), env))
      listed.push({ target, source: 'preset', inUse: inUse.has(target.identity) });
  }
  for (const entry of parseRegistry(settings.open_interpreter_provider_registry).entries) {
    for (const target of registryTargets(entry, registryKeys(entry, credentials)))
      listed.push({ target, source: 'registry', inUse: inUse.has(target.identity) });
  }
  return listed;
}

/**
 * resolveTargets with a memo: the router calls it for every request, and settings and keys
 * rarely change. One entry for the settings' own choice and one per route (`<provider>/<model>`
 * of the local API, at most MAX_MEMOS). An entry holds while the settings fields resolving reads
 * are the same strings (compared by identity first, so a 200 KB registry costs nothing) and the
 * credential store has not changed since.
 */
export class TargetResolver {
  private readonly memos = new Map<string, Memo>();
  private version = 0;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly env: Env,
  ) {
    credentials.onChange(() => {
      this.version += 1;
    });
  }

  resolve(settings: Settings, route?: Route): { targets: Target[]; providerLabel: string } {
    const key = route ? `${route.providerId}\u0000${route.model ?? ''}` : '';
    const memo = this.memos.get(key);
    if (
      memo &&
      memo.version === this.version &&
      memo.settings.open_interpreter_provider === settings.open_interpreter_provider &&
      memo.settings.open_interpreter_model === settings.open_interpreter_model &&
      memo.settings.open_interpreter_registry_mode === settings.open_interpreter_registry_mode &&
      memo.settings.open_interpreter_provider_registry === settings.open_interpreter_provider_registry
    ) {
      return memo.result;
    }
    const result = resolveTargets(settings, this.credentials, this.env, route);
    if (this.memos.size >= MAX_MEMOS) this.memos.clear();
    this.memos.set(key, { settings, version: this.version, result });
    return result;
  }
}

/** A resolved target list, with what it was resolved from. */
interface Memo {
  settings: Settings;
  version: number;
  result: { targets: Target[]; providerLabel: string };
}

/** Entries kept at once (callers name a handful of models; a flood of names just restarts the memo). */
const MAX_MEMOS = 64;
