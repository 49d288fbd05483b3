import { useEffect, useState } from 'react';
import { PRESET_INFO, PRESET_PROVIDER_IDS, type PresetProviderId } from '../../../../src-shared/settings';
import { useStore } from '../../store';
import type { ChatRoute } from '../../store/sessions-slice';

const NO_MODELS: string[] = [];
const isPreset = (id: string): id is PresetProviderId =>
  (PRESET_PROVIDER_IDS as readonly string[]).includes(id);

/**
 * The provider and model for this chat only (stored with the chat; "Default" follows Settings).
 * The model field suggests the provider's models and takes any name; empty = the provider's default.
 */
export function RoutePicker() {
  const route = useStore((s) =>
    s.currentId ? (s.sessions.find((x) => x.id === s.currentId)?.route ?? null) : s.draftRoute,
  );
  const setChatRoute = useStore((s) => s.setChatRoute);
  const loadModels = useStore((s) => s.loadModels);
  const providerId = route?.providerId ?? '';
  const models = useStore((s) =>
    providerId ? (s.modelOptions[providerId]?.models ?? NO_MODELS) : NO_MODELS,
  );
  const [model, setModel] = useState(route?.model ?? '');

  useEffect(() => setModel(route?.model ?? ''), [route?.model, providerId]);
  useEffect(() => {
    if (providerId) void loadModels(providerId);
  }, [providerId, loadModels]);

  const apply = (next: ChatRoute | null) => void setChatRoute(next);
  const defaultModel = isPreset(providerId) ? PRESET_INFO[providerId].defaultModel : '';
  return (
    <div className="route-picker" role="group" aria-label="Provider and model for this chat">
      <select
        aria-label="Provider for this chat"
        value={providerId}
        onChange={(e) => apply(e.target.value ? { providerId: e.target.value } : null)}
      >
        <option value="">Default provider (Settings)</option>
        {PRESET_PROVIDER_IDS.map((id) => (
          <option key={id} value={id}>
            {PRESET_INFO[id].label}
          </option>
        ))}
      </select>
      {providerId && (
        <>
          <input
            aria-label="Model for this chat"
            list="chat-model-options"
            placeholder={defaultModel || 'default model'}
            value={model}
            onChange={(e) => setModel(e.target.value)}
            onBlur={() => {
              if (model.trim() !== (route?.model ?? ''))
                apply({ providerId, ...(model.trim() ? { model: model.trim() } : {}) });
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                e.currentTarget.blur();
              }
            }}
          />
          <datalist id="chat-model-options">
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </>
      )}
    </div>
  );
}
