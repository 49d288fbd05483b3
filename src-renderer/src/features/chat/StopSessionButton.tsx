import { useStore } from '../../store';

/**
 * "Stop everything this session started": once the session has run code, and no turn is
 * running, ends what its blocks left running (daemons, background jobs) by ending the
 * session's kernels (`chat.stop` with no block running). The next block starts fresh kernels.
 */
export function StopSessionButton() {
  const ranCode = useStore((s) => s.messages.some((m) => m.type === 'console'));
  const stop = useStore((s) => s.stop);
  if (!ranCode) return null;
  return (
    <button
      type="button"
      className="ghost small"
      title="Ends the processes this chat's code left running (daemons, background jobs) and its kernels' state."
      onClick={() => void stop()}
    >
      Stop everything this session started
    </button>
  );
}
