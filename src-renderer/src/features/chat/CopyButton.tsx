import { useEffect, useState } from 'react';
import { copyText } from '../../clipboard';
import { useTranslation } from 'react-i18next';

/** A Copy button: copies `text()` (read at click time) and says "Copied" for a moment, or why it could not. */
export function CopyButton({
  text,
  label,
  className = '',
}: {
  text: () => string;
  label?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className={`ghost small copy-button ${className}`}
      aria-label={label ?? t('app.copy')}
      onClick={() =>
        copyText(text()).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
    >
      {state === 'copied' ? t('app.copied') : state === 'failed' ? t('copy.failed') : t('app.copy')}
    </button>
  );
}
