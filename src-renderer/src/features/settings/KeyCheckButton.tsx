import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';
import { checkKeyId } from '../../store/router-slice';

const TONE: Record<string, string> = {
  ok: 'ok',
  rejected: 'bad',
  quota_exhausted: 'bad',
  unreachable: 'bad',
  rate_limited: 'warn',
  error: 'warn',
};

/** Check: asks the provider's `/models` with this one saved key and shows OK / rejected / rate-limited / unreachable beside it. */
export function KeyCheckButton({ name, index, label }: { name: string; index: number; label: string }) {
  const { t } = useTranslation();
  const result = useStore((s) => s.keyChecks[checkKeyId(name, index)]);
  const checkKey = useStore((s) => s.checkKey);
  const checking = result === 'checking';
  const done = result && result !== 'checking' ? result : null;
  const words = done ? ('result' in done ? done.message : done.error) : '';
  const tone = done ? ('result' in done ? (TONE[done.result] ?? '') : 'bad') : '';
  return (
    <span className="key-check">
      <button
        type="button"
        className="small-button"
        disabled={checking}
        aria-label={t('keys.checkLabel', { label })}
        onClick={() => void checkKey(name, index)}
      >
        {checking ? t('keys.checking') : t('keys.check')}
      </button>
      {done && (
        <span role="status" aria-label={t('keys.checkResult', { label })} className={`small ${tone}`}>
          {words}
        </span>
      )}
    </span>
  );
}
