import { UNDO_DELETE_MS } from '../../../src-shared/contract';
import type { SessionSummary } from '../../../src-shared/lmc';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import { t } from '../i18n';
import type { Slice } from './types';

export { UNDO_DELETE_MS };
const LAST_SESSION_KEY = 'switchboard.lastSession';

/** A provider (preset or registry entry id) and optionally a model. */
export type ChatRoute = { providerId: string; model?: string };

export interface SessionsSlice {
  sessions: SessionSummary[];
  currentId: string | null;
  /** The chat deleted last, still restorable with Undo until its timer runs out (then the toast goes). */
  deleted: { session: SessionSummary; timer: ReturnType<typeof setTimeout> } | null;
  /** The provider/model chosen in the composer of a chat that is not stored yet. */
  draftRoute: ChatRoute | null;
  loadSessions(): Promise<void>;
  /**
   * Opens an empty chat. Nothing is stored until its first message is sent, so New chat never
   * leaves empty sessions behind.
   */
  newSession(): Promise<void>;
  /** The open chat's id, storing the chat first if it is new (with the composer's provider/model). */
  ensureSession(): Promise<string>;
  /** Opens a session; leaving one whose block waits for approval cancels that approval (like Stop). */
  selectSession(id: string): Promise<void>;
  /** Opens the chat used last (remembered in this browser), else the most recent one. */
  openLastSession(): Promise<void>;
  renameSession(id: string, title: string): Promise<void>;
  pinSession(id: string, pinned: boolean): Promise<void>;
  /**
   * Moves the chat to the core's trash at once (gone from every list, also after a reload or a
   * restart); the core deletes it for good after UNDO_DELETE_MS unless `undoDelete` is called.
   */
  deleteSession(id: string): Promise<void>;
  /** Brings the chat deleted last back from the trash. */
  undoDelete(): Promise<void>;
  /** This chat's provider/model (null = the settings' default). */
  setChatRoute(route: ChatRoute | null): Promise<void>;
}

export const createSessionsSlice: Slice<SessionsSlice> = (set, get) => {
  const remember = (id: string | null) => {
    try {
      if (id) localStorage.setItem(LAST_SESSION_KEY, id);
    } catch {
      // Storage may be off (private windows); reopening the last chat is a convenience.
    }
  };
  const visible = (sessions: SessionSummary[]) => {
    const hidden = get().deleted?.session.id;
    return hidden ? sessions.filter((s) => s.id !== hidden) : sessions;
  };
  /**
   * Shows chat `id` (null: a new chat, not stored yet). Leaving a chat whose block waits for
   * approval cancels that approval (like Stop); a block that is already running keeps running.
   */
  const show = (id: string | null) => {
    const left = get().currentId;
    if (left && left !== id && get().pending)
      void bridge['chat.stop']({ sessionId: left }).catch(() => undefined);
    set({
      currentId: id,
      view: 'chat',
      messages: [],
      branches: [],
      pending: null,
      status: { state: 'idle' },
      chatError: null,
      ...(id === null ? { draftRoute: null } : {}),
    });
  };
  const attempt = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      set({ chatError: describeError(error) });
    }
  };

  return {
    sessions: [],
    currentId: null,
    deleted: null,
    draftRoute: null,
    async loadSessions() {
      const { sessions } = await bridge['sessions.list'](undefined);
      set({ sessions: visible(sessions) });
      const current = get().currentId;
      if (current && !sessions.some((s) => s.id === current))
        set({ currentId: null, messages: [], branches: [], pending: null });
    },
    async newSession() {
      show(null);
    },
    async ensureSession() {
      const current = get().currentId;
      if (current) return current;
      const session = await bridge['sessions.create'](undefined);
      const route = get().draftRoute;
      const stored = route ? await bridge['sessions.setRoute']({ sessionId: session.id, route }) : session;
      set((state) => ({
        currentId: stored.id,
        draftRoute: null,
        sessions: [stored, ...state.sessions.filter((s) => s.id !== stored.id)],
      }));
      remember(stored.id);
      return stored.id;
    },
    async selectSession(id) {
      show(id);
      remember(id);
      await get().loadCurrent();
    },
    async openLastSession() {
      if (get().currentId) return;
      let last: string | null = null;
      try {
        last = localStorage.getItem(LAST_SESSION_KEY);
      } catch {
        last = null;
      }
      const sessions = get().sessions.filter((s) => s.message_count > 0);
      const target = sessions.find((s) => s.id === last) ?? sessions[0];
      if (target) await get().selectSession(target.id);
    },
    renameSession: (id, title) =>
      attempt(async () => {
        const renamed = await bridge['sessions.rename']({ sessionId: id, title });
        set((state) => ({ sessions: state.sessions.map((s) => (s.id === id ? renamed : s)) }));
      }),
    pinSession: (id, pinned) =>
      attempt(async () => {
        const changed = await bridge['sessions.pin']({ sessionId: id, pinned });
        set((state) => ({ sessions: state.sessions.map((s) => (s.id === id ? changed : s)) }));
      }),
    async deleteSession(id) {
      const session = get().sessions.find((s) => s.id === id);
      if (!session) return;
      // Only one chat waits for Undo at a time; an earlier one stays in the trash until the core purges it.
      const previous = get().deleted;
      if (previous) clearTimeout(previous.timer);
      const timer = setTimeout(() => {
        if (get().deleted?.session.id === id) set({ deleted: null });
      }, UNDO_DELETE_MS);
      set((state) => ({ deleted: { session, timer }, sessions: state.sessions.filter((s) => s.id !== id) }));
      if (get().currentId === id) await get().newSession();
      try {
        await bridge['sessions.trash']({ sessionId: id });
      } catch (error) {
        // Not deleted: it comes back, with the reason.
        clearTimeout(timer);
        if (get().deleted?.session.id === id) set({ deleted: null });
        set({ chatError: describeError(error) });
        await get().loadSessions();
      }
    },
    async undoDelete() {
      const deleted = get().deleted;
      if (!deleted) return;
      clearTimeout(deleted.timer);
      set({ deleted: null });
      await attempt(async () => {
        const { restored } = await bridge['sessions.restore']({ sessionId: deleted.session.id });
        if (!restored) set({ chatError: t('session.undoTooLate') });
      });
      await get().loadSessions();
    },
    async setChatRoute(route) {
      const id = get().currentId;
      if (!id) {
        set({ draftRoute: route });
        return;
      }
      await attempt(async () => {
        const changed = await bridge['sessions.setRoute']({ sessionId: id, route });
        set((state) => ({ sessions: state.sessions.map((s) => (s.id === id ? changed : s)) }));
      });
    },
  };
};
