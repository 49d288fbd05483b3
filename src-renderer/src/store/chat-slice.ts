import type { StampedEvent } from '../../../src-shared/events';
import type { ChatMessage, PendingApproval, TurnStatus } from '../../../src-shared/lmc';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import type { Slice } from './types';

export interface ChatSlice {
  /** Messages of the open session, in order. */
  messages: ChatMessage[];
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
}

export const createChatSlice: Slice<ChatSlice> = (set, get) => {
  /** Events held while a snapshot of `sessionId` loads. */
  let held: { sessionId: string; events: StampedEvent[] } | null = null;

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
            m.id === event.messageId ? { ...m, content: m.content + event.content } : m,
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
      case 'turn.error':
        return; // Also stored as a notice message, which the list shows.
    }
  };

  return {
    messages: [],
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
        set({ messages: loaded.messages, status: loaded.status, pending: loaded.pendingApproval });
        for (const event of mine.events) if (event.seq > loaded.eventSeq) apply(event);
      } finally {
        if (held === mine) held = null;
      }
    },
    async send(text) {
      set({ chatError: null });
      try {
        const id = get().currentId ?? (await get().newSession());
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
      // A finished turn changes the session's count and order in the sidebar.
      if (event.type === 'turn.status' && event.status.state === 'idle') void get().loadSessions();
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
