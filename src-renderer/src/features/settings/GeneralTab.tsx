import { useEffect, useState } from 'react';
import {
  PRESET_INFO,
  PROVIDER_CHOICES,
  REGISTRY_MODES,
  type PresetProviderId,
  type Settings,
  type SettingsPatch,
} from '../../../../src-shared/settings';
import { useStore } from '../../store';
import type { ModelOptions } from '../../store/router-slice';
import { Field } from './Field';
import { MODE_HELP, PROVIDER_CHOICE_LABELS } from './labels';
import { RunningCodeFields } from './RunningCodeFields';
import { TitleField } from './TitleField';

const defaultModelOf = (choice: string): string =>
  choice === 'registry_auto' ? '' : PRESET_INFO[choice as PresetProviderId].defaultModel;

/** The form's values: numbers as the text typed. */
export type Draft = { [K in keyof Settings]: Settings[K] extends number ? string : Settings[K] };

const NUMBER_FIELDS = [
  'open_interpreter_history_messages',
  'open_interpreter_history_chars',
  'open_interpreter_requests_per_minute',
  'open_interpreter_block_timeout_seconds',
  'open_interpreter_max_output',
  'open_interpreter_max_iterations',
] as const;

function toDraft(settings: Settings): Draft {
  const draft = { ...settings } as unknown as Draft;
  for (const name of NUMBER_FIELDS) (draft as Record<string, unknown>)[name] = String(settings[name]);
  return draft;
}

/** The changed fields, numbers parsed (text that is not a whole number is sent as-is so the save is refused with a message). */
function toPatch(draft: Draft, saved: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(draft)) {
    const parsed =
      (NUMBER_FIELDS as readonly string[]).includes(name) && /^\s*-?\d+\s*$/.test(String(value))
        ? Number(value)
        : value;
    if (parsed !== saved[name as keyof Settings]) patch[name] = parsed;
  }
  return patch as SettingsPatch;
}

/** The model field's note on the fetched list: how many models it offers, or why there is none. */
function modelHelp(options: ModelOptions | undefined): string {
  if (!options) return '';
  const n = options.models.length;
  if (n > 0) return ` Suggests ${n} model${n === 1 ? '' : 's'} from the provider; any other name works too.`;
  return options.error ? ` No model list: ${options.error}` : '';
}

/** Settings → General: agent backend, provider and model (with the provider's model list), registry and its mode, history, limits. */
export function GeneralTab() {
  const settings = useStore((s) => s.settings);
  const errors = useStore((s) => s.settingsErrors);
  const message = useStore((s) => s.settingsMessage);
  const saveSettings = useStore((s) => s.saveSettings);
  const dataDir = useStore((s) => s.info?.dataDir ?? '<data dir>');
  const workspaceDefault = useStore((s) => s.info?.workspaceDefault ?? '<workspace>');
  const [draft, setDraft] = useState<Draft | null>(null);
  const chosen = draft?.open_interpreter_provider ?? settings?.open_interpreter_provider ?? 'registry_auto';
  const preset = chosen === 'registry_auto' ? null : chosen;
  const modelOptions = useStore((s) => (preset ? s.modelOptions[preset] : undefined));
  const keyCount = useStore((s) =>
    preset
      ? s.secrets
          .filter((x) => x.name === `${preset}_api_key` || x.name === `${preset}_api_keys`)
          .reduce((n, x) => n + x.masked.length, 0)
      : 0,
  );
  const loadModels = useStore((s) => s.loadModels);

  useEffect(() => {
    if (settings) setDraft(toDraft(settings));
  }, [settings]);

  // The model field offers the provider's models (fetched with its first key, cached in the core).
  useEffect(() => {
    if (preset) void loadModels(preset);
  }, [preset, keyCount, loadModels]);

  if (!settings || !draft) return <p className="muted">Loading…</p>;
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => setDraft({ ...draft, [name]: value });
  const provider = draft.open_interpreter_provider;
  const defaultModel = defaultModelOf(provider) || 'set per registry entry';
  const numberField = (name: (typeof NUMBER_FIELDS)[number], label: string, help: string) => (
    <Field label={label} help={help} error={errors[name]}>
      <input
        type="text"
        inputMode="numeric"
        value={draft[name]}
        onChange={(e) => set(name, e.target.value)}
      />
    </Field>
  );

  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        void saveSettings(toPatch(draft, settings));
      }}
    >
      <fieldset>
        <legend>Agent</legend>
        <Field
          label="Agent Backend"
          help="Open Interpreter writes and runs code; Chat only talks."
          error={errors.agent_backend}
        >
          <select
            value={draft.agent_backend}
            onChange={(e) => set('agent_backend', e.target.value as Draft['agent_backend'])}
          >
            <option value="open_interpreter">Open Interpreter</option>
            <option value="chat">Chat</option>
          </select>
        </Field>
        <Field label="Open Interpreter Provider" error={errors.open_interpreter_provider}>
          <select
            value={provider}
            onChange={(e) => {
              const next = e.target.value as Draft['open_interpreter_provider'];
              // Follow the new provider's default model unless the person typed their own.
              const model =
                draft.open_interpreter_model === defaultModelOf(provider)
                  ? defaultModelOf(next)
                  : draft.open_interpreter_model;
              setDraft({ ...draft, open_interpreter_provider: next, open_interpreter_model: model });
            }}
          >
            {PROVIDER_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {PROVIDER_CHOICE_LABELS[choice]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Open Interpreter Model"
          help={`Empty means the provider's default (${defaultModel}).${modelHelp(modelOptions)}`}
          error={errors.open_interpreter_model}
        >
          <input
            type="text"
            list="model-options"
            autoComplete="off"
            value={draft.open_interpreter_model}
            placeholder={defaultModel}
            onChange={(e) => set('open_interpreter_model', e.target.value)}
          />
        </Field>
        <datalist id="model-options">
          {(modelOptions?.models ?? []).map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
      </fieldset>

      <TitleField draft={draft} set={set} />

      <RunningCodeFields
        draft={draft}
        set={set}
        errors={errors}
        dataDir={dataDir}
        workspaceDefault={workspaceDefault}
      />

      <fieldset>
        <legend>Routing</legend>
        <Field
          label="Provider Registry (JSON)"
          help='An array of {"id", "api_base", "model", "api_keys" (or "api_key"), "enabled"} entries; optional "provider" (detected from api_base; "anthropic" uses the Messages API), "headers", "requests_per_minute". Keys typed here are moved to the encrypted store when you save.'
          error={errors.open_interpreter_provider_registry}
        >
          <textarea
            rows={6}
            spellCheck={false}
            className="mono"
            value={draft.open_interpreter_provider_registry}
            onChange={(e) => set('open_interpreter_provider_registry', e.target.value)}
          />
        </Field>
        <Field
          label="Registry mode"
          help={MODE_HELP[draft.open_interpreter_registry_mode]}
          error={errors.open_interpreter_registry_mode}
        >
          <select
            value={draft.open_interpreter_registry_mode}
            onChange={(e) =>
              set('open_interpreter_registry_mode', e.target.value as Draft['open_interpreter_registry_mode'])
            }
          >
            {REGISTRY_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {mode}
              </option>
            ))}
          </select>
        </Field>
        {numberField(
          'open_interpreter_requests_per_minute',
          'Requests per minute',
          '0 = no limit. When the last 60 s are full, a call waits instead of failing.',
        )}
      </fieldset>

      <fieldset>
        <legend>History and limits</legend>
        {numberField(
          'open_interpreter_history_messages',
          'History messages',
          'Earlier messages sent with each request.',
        )}
        {numberField(
          'open_interpreter_history_chars',
          'History chars',
          'Each earlier message is cut to this many characters.',
        )}
        {numberField(
          'open_interpreter_block_timeout_seconds',
          'Block timeout (seconds)',
          'A code block running longer is stopped.',
        )}
        {numberField(
          'open_interpreter_max_output',
          'Output sent to the model (characters)',
          'The last this-many characters of a block’s output.',
        )}
        {numberField(
          'open_interpreter_max_iterations',
          'Code runs per turn',
          'The agent stops after this many blocks in one turn.',
        )}
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" className="ghost" onClick={() => setDraft(toDraft(settings))}>
          Revert
        </button>
        {message && (
          <span className={message.startsWith('Saved') ? 'ok' : 'bad'} role="status">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
