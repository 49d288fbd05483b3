import { AGENT_MODELS, type AgentModelName } from '../../../src-shared/http-api';
import { PRESET_PROVIDER_IDS, type AGENT_BACKENDS, type Settings } from '../../../src-shared/settings';
import { AppError } from '../errors';
import { PROVIDER_PRESETS } from '../providers/presets';
import { parseRegistry, protocolOf } from '../providers/registry';
import type { CredentialStore } from '../secrets/credential-store';
import { presetKeys, registrySecretName, type Env, type Route } from '../router/targets';

/** What a `model` field asks for: one of the agents, or plain routed chat with a provider's model. */
export type ModelChoice =
  | { kind: 'agent'; backend: (typeof AGENT_BACKENDS)[number]; name: AgentModelName }
  | { kind: 'routed'; route: Route & { model: string }; name: string };

/**
 * Parses a model name: `switchboard/open-interpreter`, `switchboard/chat`, or
 * `<provider>/<model>` where provider is a preset id (`groq`) or a provider registry entry id
 * and model is everything after the first `/` (`openrouter/openai/gpt-4o-mini`).
 * Throws AppError `model_not_found` for anything else.
 */
export function parseModel(name: string, settings: Settings): ModelChoice {
  if (Object.hasOwn(AGENT_MODELS, name))
    return { kind: 'agent', backend: AGENT_MODELS[name as AgentModelName], name: name as AgentModelName };
  const slash = name.indexOf('/');
  const providerId = slash > 0 ? name.slice(0, slash) : '';
  const model = slash > 0 ? name.slice(slash + 1).trim() : '';
  const known =
    (PRESET_PROVIDER_IDS as readonly string[]).includes(providerId) ||
    parseRegistry(settings.open_interpreter_provider_registry).entries.some((e) => e.id === providerId);
  if (!known || model === '') {
    throw new AppError(
      'model_not_found',
      `Unknown model "${name}". Use switchboard/open-interpreter, switchboard/chat, or <provider>/<model> (GET /v1/models lists them).`,
    );
  }
  return { kind: 'routed', route: { providerId, model }, name };
}

/**
 * The models `GET /v1/models` lists: the two agents, then `<provider>/<model>` for every
 * provider that has a key (stored, or `<PROVIDER>_API_KEY` in the environment) — its default
 * model and the configured `open_interpreter_model` — and every enabled OpenAI-compatible
 * registry entry with a key.
 */
export function listModels(
  settings: Settings,
  credentials: CredentialStore,
  env: Env,
): Array<{ id: string; owned_by: string }> {
  const models: Array<{ id: string; owned_by: string }> = Object.keys(AGENT_MODELS).map((id) => ({
    id,
    owned_by: 'switchboard',
  }));
  const seen = new Set(models.map((m) => m.id));
  const add = (id: string, owner: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    models.push({ id, owned_by: owner });
  };
  for (const id of PRESET_PROVIDER_IDS) {
    if (presetKeys(id, credentials, env).length === 0) continue;
    add(`${id}/${PROVIDER_PRESETS[id].defaultModel}`, id);
    if (settings.open_interpreter_provider === id && settings.open_interpreter_model.trim() !== '')
      add(`${id}/${settings.open_interpreter_model.trim()}`, id);
  }
  for (const entry of parseRegistry(settings.open_interpreter_provider_registry).entries) {
    if (!entry.enabled || protocolOf(entry.provider) !== 'openai') continue;
    if (entry.api_keys.length === 0 && credentials.get(registrySecretName(entry.id)).length === 0) continue;
    add(`${entry.id}/${entry.model}`, entry.id);
  }
  return models;
}

/** The agent's provider model as `<provider>/<model>` (health and new sessions report it). */
export function agentModelName(settings: Settings): string {
  const choice = settings.open_interpreter_provider;
  if (choice !== 'registry_auto')
    return `${choice}/${settings.open_interpreter_model.trim() || PROVIDER_PRESETS[choice].defaultModel}`;
  const first = parseRegistry(settings.open_interpreter_provider_registry).entries.find((e) => e.enabled);
  return first ? `${first.id}/${first.model}` : 'registry_auto';
}
