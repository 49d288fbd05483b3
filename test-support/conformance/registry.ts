import type { Settings } from '../../src-shared/settings';
import { KEYS } from '../router-harness';

/** A provider kind as the registry names it (`openai_compatible`, `anthropic`, …). */
export type Kind = 'openai_compatible' | 'openai' | 'anthropic';

/**
 * Settings that route through a registry of provider `a` (keys a1, a2) and, unless `onlyA`,
 * provider `b` (key b1), both at the scripted upstream, in failover mode; `kind` picks the
 * wire protocol of both (chat completions, or Anthropic's Messages API).
 */
export function registrySettings(
  base: Settings,
  upstreamUrl: string,
  options: { kind?: Kind; onlyA?: boolean; keysA?: string[]; extra?: Partial<Settings> } = {},
): Settings {
  const origin = new URL(upstreamUrl).origin;
  const provider = options.kind ?? 'openai_compatible';
  const entries = [
    {
      id: 'a',
      provider,
      api_base: `${origin}/a/v1`,
      model: 'model-a',
      api_keys: options.keysA ?? [KEYS.a1, KEYS.a2],
    },
    ...(options.onlyA
      ? []
      : [{ id: 'b', provider, api_base: `${origin}/b/v1`, model: 'model-b', api_keys: [KEYS.b1] }]),
  ];
  return {
    ...base,
    open_interpreter_provider: 'registry_auto',
    open_interpreter_registry_mode: 'failover',
    open_interpreter_provider_registry: JSON.stringify(entries),
    ...options.extra,
  };
}
