import { PRESET_INFO, PRESET_PROVIDER_IDS, type PresetProviderId, type ProviderChoice, type RegistryMode } from '../../../../src-shared/settings';
import { t } from '../../i18n';

/** Display names of the provider presets. */
export const PROVIDER_LABELS = Object.fromEntries(PRESET_PROVIDER_IDS.map((id) => [id, PRESET_INFO[id].label])) as Record<PresetProviderId, string>;

/** A provider choice as the selector lists it (names stay as they are; `registry_auto` is explained). */
export const providerChoiceLabel = (choice: ProviderChoice): string => (choice === 'registry_auto' ? t('general.registryAuto') : PROVIDER_LABELS[choice]);

/** What each routing mode does, shown next to the selector. */
export const modeHelp = (mode: RegistryMode): string => t(`general.modes.${mode}`);
