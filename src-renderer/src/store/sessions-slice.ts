import type { SessionSummary } from '../../../src-shared/lmc';
import { bridge } from '../bridge';
import type { Slice } from './types';

export interface SessionsSlice {
  sessions: SessionSummary[];
  currentId: string | null;
  loadSessions(): Promise<void>;
  /** Creates a session and opens it. */
  newSession(): Promise<string>;
  /** Opens a session; leaving one whose block waits for approval cancels that approval (like Stop). */
  selectSession(id: string): Promise<void>;
  deleteSession(id: string): Promise<void>;
}

export const createSessionsSlice: Slice<SessionsSlice> = (set, get) => ({
  sessions: [],
  currentId: null,
  async loadSessions() {
    const { sessions } = await bridge['sessions.list'](undefined);
    set({ sessions });
    const current = get().currentId;
    if (current && !sessions.some((s) => s.id === current)) set({ currentId: null, messages: [], pending: null });
  },
  async newSession() {
    const session = await bridge['sessions.create'](undefined);
    set((state) => ({ sessions: [session, ...state.sessions.filter((s) => s.id !== session.id)] }));
    await get().selectSession(session.id);
    return session.id;
  },
  async selectSession(id) {
    const left = get().currentId;
    // Leaving a session cancels its pending approval (the block is marked stopped); a block that
    // is already running keeps running.
    if (left && left !== id && get().pending) void bridge['chat.stop']({ sessionId: left }).catch(() => undefined);
    set({ currentId: id, view: 'chat', messages: [], pending: null, status: { state: 'idle' }, chatError: null });
    await get().loadCurrent();
  },
  async deleteSession(id) {
    await bridge['sessions.delete']({ sessionId: id });
    if (get().currentId === id) set({ currentId: null, messages: [], pending: null });
    await get().loadSessions();
  },
});
