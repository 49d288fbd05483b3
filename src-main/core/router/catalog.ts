import type { Dispatcher } from 'undici';
import type { KeyCheck, ModelList } from '../../../src-shared/router';
import type { Settings } from '../../../src-shared/settings';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { PROVIDER_PRESETS, isPresetId, presetSecretNames } from '../providers/presets';
import { parseRegistry } from '../providers/registry';
import type { CredentialStore } from '../secrets/credential-store';
import { keyFingerprint } from '../secrets/mask';
import { anthropicHeaders } from './anthropic-transport';
import { readJson, send } from './http';
import type { KeyHealthBook } from './key-health';
import { failureToAppError } from './policy';
import { presetKeys, presetTargets, registryKeys, registryTargets, type Env } from './targets';
import { ProviderFailure, type Target, type TransportOptions } from './types';

/** Model lists are kept this long, in ms. */
export const MODEL_CACHE_MS = 10 * 60_000;
/** A Check or a model list waits at most this long, in ms. */
const CHECK_TIMEOUT_MS = 15_000;

/** What the catalog needs: settings and keys to build targets, a clock, the router's health book. */
export interface CatalogDependencies {
  settings: () => Settings;
  credentials: CredentialStore;
  env: Env;
  clock: Clock;
  health: KeyHealthBook;
  dispatcher?: Dispatcher;
  /** Default CHECK_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * What providers offer: their model lists (`GET /models`, cached 10 minutes) and key checks
 * (the same call with one key). OpenAI-compatible providers get `Authorization: Bearer`,
 * Anthropic `x-api-key`; Gemini's `models/` prefix is dropped from ids.
 */
export class ProviderCatalog {
  private readonly cache = new Map<string, { models: string[]; fetchedAt: number }>();

  constructor(private readonly deps: CatalogDependencies) {}

  /**
   * The model ids of a provider (preset id or registry entry id), with its first key.
   * Throws AppError `no_api_key`, or the classified failure (`key_rejected`, `provider_unreachable`, …).
   */
  async models(providerId: string, refresh = false): Promise<ModelList> {
    const target = this.targetsOf(providerId)[0];
    if (!target)
      throw new AppError(
        'no_api_key',
        `No API key is saved for this provider. Save a ${isPresetId(providerId) ? PROVIDER_PRESETS[providerId].label : providerId} key to list its models.`,
      );
    const cached = this.cache.get(target.providerScope);
    const now = this.deps.clock.now();
    if (cached && !refresh && now - cached.fetchedAt < MODEL_CACHE_MS)
      return { providerId, models: cached.models, fetchedAt: new Date(cached.fetchedAt).toISOString() };
    try {
      const models = await this.fetchModels(target);
      this.cache.set(target.providerScope, { models, fetchedAt: now });
      return { providerId, models, fetchedAt: new Date(now).toISOString() };
    } catch (error) {
      if (error instanceof ProviderFailure) throw failureToAppError(error, target);
      throw error;
    }
  }

  /**
   * Checks the `index`-th key saved under secret `name` (`groq_api_key`, `groq_api_keys`,
   * `registry.<id>`) by listing models with it: ok / rejected / rate_limited / quota_exhausted /
   * unreachable / error. A rejected key is marked rejected for routing; a working key loses an
   * earlier rejection. Throws AppError `key_not_found`.
   */
  async checkKey(name: string, index: number): Promise<KeyCheck> {
    const target = this.targetForSecret(name, index);
    const checkedAt = new Date(this.deps.clock.now()).toISOString();
    const base = { keyFingerprint: target.keyFingerprint, checkedAt };
    try {
      const models = await this.fetchModels(target);
      this.cache.set(target.providerScope, { models, fetchedAt: this.deps.clock.now() });
      this.deps.health.clearRejection(target);
      return {
        ...base,
        result: 'ok',
        status: 200,
        message: `OK — ${models.length} model${models.length === 1 ? '' : 's'}`,
      };
    } catch (error) {
      if (!(error instanceof ProviderFailure)) throw error;
      const status = error.status;
      switch (error.kind) {
        case 'key_rejected':
          this.deps.health.recordFailure(target, 'key_rejected', null, error.message);
          return { ...base, result: 'rejected', status, message: `Rejected: ${error.message}` };
        case 'rate_limited':
          return { ...base, result: 'rate_limited', status, message: `Rate limited: ${error.message}` };
        case 'quota_exhausted':
          return { ...base, result: 'quota_exhausted', status, message: `Out of quota: ${error.message}` };
        case 'network':
        case 'timeout':
          return { ...base, result: 'unreachable', status, message: `Unreachable: ${error.message}` };
        case 'model_not_found':
          return {
            ...base,
            result: 'error',
            status,
            message: `${target.providerLabel} has no /models endpoint to check keys with; the key is checked on its first call.`,
          };
        default:
          return { ...base, result: 'error', status, message: error.message };
      }
    }
  }

  private async fetchModels(target: Target): Promise<string[]> {
    const options: TransportOptions = {
      timeoutMs: this.deps.timeoutMs ?? CHECK_TIMEOUT_MS,
      now: () => this.deps.clock.now(),
    };
    if (this.deps.dispatcher) options.dispatcher = this.deps.dispatcher;
    const headers =
      target.protocol === 'anthropic'
        ? anthropicHeaders(target)
        : { ...target.headers, authorization: `Bearer ${target.apiKey}`, accept: 'application/json' };
    const json = await readJson(
      await send('GET', `${target.baseUrl}/models`, headers, null, options),
      options,
    );
    const data = (json as { data?: unknown } | null)?.data;
    if (!Array.isArray(data))
      throw new ProviderFailure(
        'server_error',
        'the provider answered /models with JSON that is not a model list',
        200,
      );
    const ids = data
      .map((m) => (typeof m === 'object' && m !== null ? (m as { id?: unknown }).id : undefined))
      .filter((id): id is string => typeof id === 'string');
    return [...new Set(ids.map((id) => id.replace(/^models\//, '')))].sort();
  }

  private targetsOf(providerId: string): Target[] {
    const settings = this.deps.settings();
    if (isPresetId(providerId)) {
      const model = settings.open_interpreter_provider === providerId ? settings.open_interpreter_model : '';
      return presetTargets(
        providerId,
        model,
        presetKeys(providerId, this.deps.credentials, this.deps.env),
        this.deps.env,
      );
    }
    const entry = parseRegistry(settings.open_interpreter_provider_registry).entries.find(
      (e) => e.id === providerId,
    );
    return entry ? registryTargets(entry, registryKeys(entry, this.deps.credentials)) : [];
  }

  private targetForSecret(name: string, index: number): Target {
    const key = this.deps.credentials.get(name)[index];
    const missing = () => new AppError('key_not_found', `There is no key ${index + 1} under ${name}.`);
    if (key === undefined) throw missing();
    if (name.startsWith('registry.')) {
      const entry = parseRegistry(this.deps.settings().open_interpreter_provider_registry).entries.find(
        (e) => e.id === name.slice('registry.'.length),
      );
      if (!entry)
        throw new AppError(
          'key_not_found',
          `The registry has no entry ${name.slice('registry.'.length)} for this key (${keyFingerprint(key)}).`,
        );
      return registryTargets(entry, [key])[0] as Target;
    }
    const providerId = name.replace(/_api_keys?$/, '');
    if (!isPresetId(providerId) || !presetSecretNames(providerId).includes(name)) throw missing();
    return presetTargets(providerId, '', [key], this.deps.env)[0] as Target;
  }
}
