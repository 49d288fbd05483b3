import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { onConsoleOutput, useStore } from '../../store';
import { linkTitle, openLink } from './link-policy';

/** Rows of the terminal (and of the kernel's PTY while it is shown); more output scrolls. */
export const MAX_ROWS = 20;

const THEME: ITheme = {
  background: '#0b0c0e',
  foreground: '#d7dae0',
  cursor: '#d7dae0',
  selectionBackground: '#3b5bdb88',
};

/** Lines in use: up to the last non-empty line, and the cursor's line while the block runs. */
function linesInUse(terminal: Terminal, withCursor: boolean): number {
  const buffer = terminal.buffer.active;
  let last = withCursor ? buffer.baseY + buffer.cursorY : -1;
  for (let y = buffer.length - 1; y > last; y--) {
    if ((buffer.getLine(y)?.translateToString(true) ?? '') !== '') {
      last = y;
      break;
    }
  }
  return Math.max(1, last + 1);
}

/**
 * The terminal of a block's console (xterm.js): ANSI colours, cursor moves and progress bars
 * render as in a real terminal. While the block runs (`interactive`) it takes keystrokes and
 * sends them to the block's PTY (answers to `input()`, `read`, y/n prompts; Ctrl-C interrupts),
 * and reports its width so the kernel wraps to fit. It starts with the output so far and then
 * writes each live chunk as it arrives. It has MAX_ROWS rows, like the kernel's PTY, but shows
 * only the rows in use, so short output takes little room; longer output scrolls.
 */
export function ConsoleTerminal({
  messageId,
  interactive,
  onDrained,
}: {
  messageId: string;
  interactive: boolean;
  /** Called once the block ended and everything it printed is on screen. */
  onDrained?: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const interactiveRef = useRef(interactive);
  const fitHeightRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const element = host.current;
    const clip = frame.current;
    if (!element || !clip) return;
    const terminal = new Terminal({
      rows: MAX_ROWS,
      cols: 100,
      scrollback: 5000,
      fontSize: 12,
      fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace",
      theme: THEME,
      cursorBlink: false,
      cursorInactiveStyle: interactiveRef.current ? 'outline' : 'none',
      disableStdin: !interactiveRef.current,
      // OSC 8 hyperlinks (text that names its own target) follow the chat's link policy, and
      // hovering one shows its real target, not xterm's confirm() + window.open of any scheme.
      linkHandler: {
        activate: (_event, uri) => void openLink(uri),
        hover: (_event, uri) => element.setAttribute('title', linkTitle(uri)),
        leave: () => element.removeAttribute('title'),
      },
    });
    terminalRef.current = terminal;
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(new WebLinksAddon((_event, uri) => void openLink(uri)));
    terminal.open(element);

    const fitHeight = () => {
      const screen = element.querySelector<HTMLElement>('.xterm-screen');
      const rowHeight = screen && screen.clientHeight > 0 ? screen.clientHeight / terminal.rows : 17;
      clip.style.height = `${Math.ceil(Math.min(MAX_ROWS, linesInUse(terminal, interactiveRef.current)) * rowHeight)}px`;
    };
    fitHeightRef.current = fitHeight;
    const fitColumns = () => {
      const columns = fit.proposeDimensions()?.cols;
      if (!columns || !Number.isFinite(columns) || columns < 20 || columns === terminal.cols) return;
      terminal.resize(columns, MAX_ROWS);
      if (interactiveRef.current) useStore.getState().resizeConsole(columns, MAX_ROWS);
    };
    fitColumns();
    fitHeight();
    if (interactiveRef.current) useStore.getState().resizeConsole(terminal.cols, MAX_ROWS);

    const write = (chunk: string) => terminal.write(chunk, fitHeight);
    const initial = useStore.getState().messages.find((m) => m.id === messageId)?.content ?? '';
    if (initial !== '') write(initial);
    const unsubscribe = onConsoleOutput(messageId, write);
    const typing = terminal.onData((data) => {
      if (interactiveRef.current) useStore.getState().typeIntoConsole(data);
    });
    const observer = new ResizeObserver(() => fitColumns());
    observer.observe(element);
    return () => {
      observer.disconnect();
      typing.dispose();
      unsubscribe();
      terminal.dispose();
      terminalRef.current = null;
    };
  }, [messageId]);

  useEffect(() => {
    interactiveRef.current = interactive;
    const terminal = terminalRef.current;
    if (!terminal) return;
    terminal.options.disableStdin = !interactive;
    terminal.options.cursorInactiveStyle = interactive ? 'outline' : 'none';
    fitHeightRef.current();
    if (interactive) return;
    terminal.blur();
    // xterm parses writes asynchronously and paints on the next frame: report the end only
    // once the last output is parsed and painted, so "stopped" never shows above stale text.
    // (A hidden tab gets no frames: a timer stands in.)
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    terminal.write('', () => {
      fitHeightRef.current();
      frame = requestAnimationFrame(() => onDrained?.());
      timer = setTimeout(() => onDrained?.(), 500);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [interactive, onDrained]);

  return (
    <div
      className="terminal"
      role="group"
      aria-label={interactive ? 'Terminal (click to type; Ctrl-C interrupts)' : 'Terminal'}
    >
      <div className="terminal-window" ref={frame}>
        <div ref={host} />
      </div>
    </div>
  );
}
