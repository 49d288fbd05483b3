import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';

/**
 * "Stop everything this session started": once the session has run code, and no turn is
 * running, ends what its blocks left running (daemons, background jobs) by ending the
 * session's kernels (`chat.stop` with no block running). The next block starts fresh kernels.
 */
export function StopSessionButton() {
  const { t } = useTranslation();
  const ranCode = useStore((s) => s.messages.some((m) => m.type === 'console'));
  const stop = useStore((s) => s.stop);
  if (!ranCode) return null;
  return (
    <button
      type="button"
      className="ghost small"
      title={t('chat.stopSessionHelp')}
      onClick={() => void stop()}
    >
      {t('chat.stopSession')}
    </button>
  );
}
