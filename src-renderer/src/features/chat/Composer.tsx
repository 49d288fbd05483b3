import { useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { useStore } from '../../store';
import { RoutePicker } from './RoutePicker';
import { StopSessionButton } from './StopSessionButton';

/** The sentence that tells the model where a dropped or pasted file is. */
export const fileNote = (path: string): string => `I put a file at ${path}`;

/**
 * Where the person writes: Enter sends, Shift+Enter adds a line; Stop while a turn runs. A file
 * dropped, pasted or attached goes into the chat's workspace folder and its path is added to the
 * message, so the model knows where it is. The provider/model for this chat is chosen here.
 */
export function Composer({ busy }: { busy: boolean }) {
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const [attaching, setAttaching] = useState(0);
  const send = useStore((s) => s.send);
  const stop = useStore((s) => s.stop);
  const attachFile = useStore((s) => s.attachFile);
  const picker = useRef<HTMLInputElement>(null);

  const submit = async () => {
    const value = text.trim();
    if (!value || busy || attaching > 0) return;
    setText('');
    if (!(await send(value))) setText(value);
  };
  const attach = async (files: File[]) => {
    setAttaching((n) => n + files.length);
    for (const file of files) {
      const path = await attachFile(file);
      setAttaching((n) => n - 1);
      if (path) setText((current) => `${current.trimEnd()}${current.trim() ? '\n' : ''}${fileNote(path)}\n`);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    event.preventDefault();
    void attach(files);
  };
  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) void attach(files);
  };

  return (
    <form
      className={`composer ${dragging ? 'dragging' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) {
          event.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <textarea
        aria-label="Message"
        placeholder="Ask the agent… (Enter to send, Shift+Enter for a new line; drop or paste a file to give it to the agent)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        rows={3}
      />
      <div className="composer-actions">
        <RoutePicker />
        <button type="button" className="ghost" onClick={() => picker.current?.click()}>
          Attach file
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Attach a file"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void attach(files);
          }}
        />
        {attaching > 0 && <span className="small muted">Adding file…</span>}
        {busy ? (
          <button type="button" className="danger" onClick={() => void stop()}>
            Stop
          </button>
        ) : (
          <>
            <StopSessionButton />
            <button type="submit" className="primary" disabled={text.trim() === '' || attaching > 0}>
              Send
            </button>
          </>
        )}
      </div>
    </form>
  );
}
