import { useEffect, useState } from 'react';
import { copyText } from '../../clipboard';

/** A Copy button: copies `text()` (read at click time) and says "Copied" for a moment, or why it could not. */
export function CopyButton({
  text,
  label = 'Copy',
  className = '',
}: {
  text: () => string;
  label?: string;
  className?: string;
}) {
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
      aria-label={label}
      onClick={() =>
        copyText(text()).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
