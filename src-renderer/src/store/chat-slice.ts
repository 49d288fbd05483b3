import type { StampedEvent } from '../../../src-shared/events';
import type { BranchPoint, ChatMessage, PendingApproval, TurnStatus } from '../../../src-shared/lmc';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import type { Slice } from './types';

export interface ChatSlice {
  /** Messages of the open session's current branch, in order. */
  messages: ChatMessage[];
  /** Messages of that branch that have other versions (edits, regenerations). */
  branches: BranchPoint[];
  status: TurnStatus;
  pending: PendingApproval | null;
  /** The last failed action in the chat (send, stop, approve), in words. */
  chatError: string | null;
  /**
   * Reloads the open session from main. Events that arrive while the snapshot is on its way are
   * held and replayed on top of it when newer than the snapshot (`eventSeq`), so nothing is lost
   * or applied twice.
   */
  loadCurrent(): Promise<void>;
  /** Sends a message in the open session (creating one if none is open). */
  send(text: string): Promise<boolean>;
  stop(): Promise<void>;
  approve(blockId: string, decision: 'run' | 'skip', code?: string): Promise<void>;
  applyEvent(event: StampedEvent): void;
  /**
   * Types into the running block's terminal (keystrokes from xterm.js). Keystrokes are sent in
   * order, one bridge call at a time; those typed meanwhile go together in the next call.
   */
  typeIntoConsole(data: string): void;
  /** Reports the chat terminal's size, so the session's kernels draw to fit it. */
  resizeConsole(columns: number, rows: number): void;
}

/** Live console text kept per message in the store, in chars (the newest part; like the stored 1 MB). */
const MAX_CONSOLE_CHARS = 1_000_000;

type ConsoleListener = (chunk: string) => void;
const consoleListeners = new Map<string, Set<ConsoleListener>>();

/**
 * Subscribes to the live output of console message `messageId` (each `message.delta` chunk,
 * as it arrives), for a terminal view that writes chunks instead of re-rendering everything.
 * Returns the unsubscribe function.
 */
export function onConsoleOutput(messageId: string, listener: ConsoleListener): () => void {
  let listeners = consoleListeners.get(messageId);
  if (!listeners) consoleListeners.set(messageId, (listeners = new Set()));
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) consoleListeners.delete(messageId);
  };
}

export const createChatSlice: Slice<ChatSlice> = (set, get) => {
  /** Events held while a snapshot of `sessionId` loads. */
  let held: { sessionId: string; events: StampedEvent[] } | null = null;
  /** Keystrokes waiting for the bridge call in flight to finish. */
  let typed: { sessionId: string; data: string } | null = null;
  let typing = false;

  const sendTyped = async (): Promise<void> => {
    typing = true;
    while (typed !== null) {
      // One call carries at most 60 000 chars (the contract allows 65 536); a long paste goes in parts.
      const { sessionId } = typed;
      const data = typed.data.slice(0, 60_000);
      typed = typed.data.length > data.length ? { sessionId, data: typed.data.slice(data.length) } : null;
      try {
        await bridge['chat.input']({ sessionId, data });
      } catch (error) {
        set({ chatError: describeError(error) });
      }
    }
    typing = false;
  };

  const apply = (event: StampedEvent): void => {
    if (!('sessionId' in event) || event.sessionId !== get().currentId) return;
    switch (event.type) {
      case 'message.start':
      case 'message.end':
        set((s) => ({ messages: upsert(s.messages, event.message) }));
        return;
      case 'message.delta':
        set((s) => ({
          messages: s.messages.map((m) =>
            m.id === event.messageId ? { ...m, content: appended(m, event.content) } : m,
          ),
        }));
        for (const listener of consoleListeners.get(event.messageId) ?? []) listener(event.content);
        return;
      case 'message.reasoning':
        set((s) => ({
          messages: s.messages.map((m) =>
            m.id === event.messageId
              ? { ...m, meta: { ...m.meta, reasoning: (m.meta.reasoning ?? '') + event.content } }
              : m,
          ),
        }));
        return;
      case 'message.sources':
        set((s) => ({
          messages: s.messages.map((m) =>
            m.id === event.messageId ? { ...m, meta: { ...m.meta, sources: event.sources } } : m,
          ),
        }));
        return;
      case 'approval.request':
        set({ pending: event.approval });
        return;
      case 'approval.resolved':
        set((s) => (s.pending?.blockId === event.blockId ? { pending: null } : {}));
        return;
      case 'turn.status':
        set({ status: event.status });
        return;
      case 'session.cleared':
        set({ messages: [], branches: [], pending: null });
        return;
      case 'session.branched':
        void get().loadCurrent();
        return;
      case 'turn.error':
        return; // Also stored as a notice message, which the list shows.
    }
  };

  return {
    messages: [],
    branches: [],
    status: { state: 'idle' },
    pending: null,
    chatError: null,
    async loadCurrent() {
      const id = get().currentId;
      if (!id) return;
      const mine = { sessionId: id, events: [] as StampedEvent[] };
      held = mine;
      try {
        const loaded = await bridge['sessions.get']({ sessionId: id });
        if (get().currentId !== id || held !== mine) return;
        set({ messages: loaded.messages, branches: loaded.branches, status: loaded.status, pending: loaded.pendingApproval });
        for (const event of mine.events) if (event.seq > loaded.eventSeq) apply(event);
      } finally {
        if (held === mine) held = null;
      }
    },
    async send(text) {
      set({ chatError: null });
      try {
        const id = await get().ensureSession();
        set({ status: { state: 'thinking' } });
        await bridge['chat.send']({ sessionId: id, text });
        return true;
      } catch (error) {
        set({ chatError: describeError(error), status: { state: 'idle' } });
        return false;
      }
    },
    async stop() {
      const id = get().currentId;
      if (!id) return;
      try {
        await bridge['chat.stop']({ sessionId: id });
      } catch (error) {
        set({ chatError: describeError(error) });
      }
    },
    async approve(blockId, decision, code) {
      const id = get().currentId;
      if (!id) return;
      try {
        await bridge['chat.approve']({
          sessionId: id,
          blockId,
          decision,
          ...(code === undefined ? {} : { code }),
        });
        set({ pending: null });
      } catch (error) {
        set({ chatError: describeError(error) });
      }
    },
    typeIntoConsole(data) {
      const sessionId = get().currentId;
      if (!sessionId || data === '') return;
      typed =
        typed && typed.sessionId === sessionId ? { sessionId, data: typed.data + data } : { sessionId, data };
      if (!typing) void sendTyped();
    },
    resizeConsole(columns, rows) {
      const sessionId = get().currentId;
      if (!sessionId) return;
      void bridge['chat.resize']({ sessionId, columns, rows }).catch(() => undefined);
    },
    applyEvent(event) {
      if (event.type === 'sessions.changed') {
        void get().loadSessions();
        return;
      }
      if (event.type === 'bridge.reconnected') {
        void get().loadSessions();
        void get().loadCurrent();
        return;
      }
      // A finished turn changes the session's count and order in the sidebar, and its replies may
      // be new versions of a message (regenerate, edit): the snapshot brings their branch points.
      if (event.type === 'turn.status' && event.status.state === 'idle') {
        void get().loadSessions();
        if (event.sessionId === get().currentId) void get().loadCurrent();
      }
      if (held && 'sessionId' in event && event.sessionId === held.sessionId) {
        held.events.push(event);
        return;
      }
      apply(event);
    },
  };
};

function upsert(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) return [...messages, message];
  const next = messages.slice();
  next[index] = message;
  return next;
}

/** A message's content with a live chunk added; console text keeps only its newest MAX_CONSOLE_CHARS. */
function appended(message: ChatMessage, chunk: string): string {
  const content = message.content + chunk;
  if (message.type !== 'console' || content.length <= MAX_CONSOLE_CHARS) return content;
  return content.slice(content.length - MAX_CONSOLE_CHARS);
}
