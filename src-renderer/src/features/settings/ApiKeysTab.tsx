import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRESET_PROVIDER_IDS, type PresetProviderId } from '../../../../src-shared/settings';
import { useStore } from '../../store';
import { KeyCheckButton } from './KeyCheckButton';
import { PROVIDER_LABELS } from './labels';

/** Settings → API Keys: each provider's key and key pool, shown masked only, each key with a Check; registry keys below. */
export function ApiKeysTab() {
  const { t } = useTranslation();
  const secrets = useStore((s) => s.secrets);
  const info = useStore((s) => s.info);
  const registry = secrets.filter((s) => s.name.startsWith('registry.'));
  return (
    <div className="keys">
      <p className="help">
        {t('keys.intro', { storage: info ? ` (${info.secretStorage})` : '' })}
      </p>
      {PRESET_PROVIDER_IDS.map((id) => (
        <ProviderKeys key={id} id={id} />
      ))}
      {registry.length > 0 && (
        <section className="provider-keys" aria-labelledby="registry-keys">
          <h2 id="registry-keys">{t('keys.registryKeys')}</h2>
          {registry.map((secret) => (
            <SavedKeys key={secret.name} name={secret.name} label={secret.name.slice('registry.'.length)} masked={secret.masked} onReplace={null} />
          ))}
        </section>
      )}
    </div>
  );
}

function ProviderKeys({ id }: { id: PresetProviderId }) {
  const { t } = useTranslation();
  const label = PROVIDER_LABELS[id];
  const headingId = `keys-${id}`;
  return (
    <section className="provider-keys" role="group" aria-labelledby={headingId}>
      <h2 id={headingId}>{label}</h2>
      <KeyForm name={`${id}_api_key`} label={id === 'groq' ? t('keys.groqKey') : t('keys.apiKey', { provider: label })} provider={label} pool={false} />
      <KeyForm name={`${id}_api_keys`} label={t('keys.pool', { provider: label })} provider={label} pool />
    </section>
  );
}

const NONE: string[] = [];

/** One secret: a single key (password field) or a key pool (one per line); masked with Replace / Delete once saved. */
function KeyForm({ name, label, provider, pool }: { name: string; label: string; provider: string; pool: boolean }) {
  const { t } = useTranslation();
  const masked = useStore((s) => s.secrets.find((x) => x.name === name)?.masked ?? NONE);
  const error = useStore((s) => s.secretErrors[name]);
  const setSecret = useStore((s) => s.setSecret);
  const [value, setValue] = useState('');
  const [replacing, setReplacing] = useState(false);
  const inputId = `${name}-input`;

  if (masked.length > 0 && !replacing) {
    return <SavedKeys name={name} label={label} masked={masked} onReplace={() => setReplacing(true)} />;
  }
  return (
    <form
      className="key-form"
      onSubmit={async (event) => {
        event.preventDefault();
        if (value.trim() === '') return;
        if (await setSecret(name, [value])) {
          setValue('');
          setReplacing(false);
        }
      }}
    >
      <label htmlFor={inputId}>{label}</label>
      {pool && <p className="help">{t('keys.poolHelp', { provider })}</p>}
      <div className={pool ? 'stack' : 'row'}>
        {pool ? (
          <textarea id={inputId} rows={3} autoComplete="off" spellCheck={false} className="mono secret-text" value={value} onChange={(e) => setValue(e.target.value)} />
        ) : (
          <input id={inputId} type="password" autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} placeholder={t('keys.paste', { provider })} />
        )}
        <div className="row">
          <button type="submit" className="primary" aria-label={t('keys.saveLabel', { label })} disabled={value.trim() === ''}>
            {t('app.save')}
          </button>
          {replacing && (
            <button type="button" className="ghost" onClick={() => setReplacing(false)}>
              {t('app.cancel')}
            </button>
          )}
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function SavedKeys({ name, label, masked, onReplace }: { name: string; label: string; masked: string[]; onReplace: (() => void) | null }) {
  const { t } = useTranslation();
  const deleteSecret = useStore((s) => s.deleteSecret);
  const error = useStore((s) => s.secretErrors[name]);
  return (
    <div className="saved-key" role="group" aria-label={label}>
      <span className="label">{label}</span>
      <ul className="masked-list">
        {masked.map((m, i) => (
          <li key={`${m}-${i}`}>
            <span className="mono">{m}</span>
            <KeyCheckButton name={name} index={i} label={masked.length > 1 ? t('keys.keyN', { label, n: i + 1 }) : label} />
          </li>
        ))}
      </ul>
      <div className="row">
        {onReplace && (
          <button type="button" onClick={onReplace} aria-label={t('keys.replaceLabel', { label })}>
            {t('keys.replace')}
          </button>
        )}
        <button type="button" className="ghost danger-text" onClick={() => void deleteSecret(name)} aria-label={t('keys.deleteLabel', { label })}>
          {t('keys.delete')}
        </button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
