import { PRESET_INFO, PRESET_PROVIDER_IDS, type PresetProviderId, type ProviderChoice, type RegistryMode } from '../../../../src-shared/settings';

/** Display names of the provider presets. */
export const PROVIDER_LABELS = Object.fromEntries(PRESET_PROVIDER_IDS.map((id) => [id, PRESET_INFO[id].label])) as Record<PresetProviderId, string>;

export const PROVIDER_CHOICE_LABELS: Record<ProviderChoice, string> = { ...PROVIDER_LABELS, registry_auto: 'registry_auto (every enabled registry entry)' };

/** What each routing mode does, shown next to the selector. */
export const MODE_HELP: Record<RegistryMode, string> = {
  selected: 'One provider; its keys in order, moving to the next key only when a key fails.',
  round_robin: 'Each request goes to the next provider/key in turn, skipping keys that are cooling down or rejected.',
  failover: 'Always the first healthy key in registry order; on failure the next key, then the next provider.',
};
