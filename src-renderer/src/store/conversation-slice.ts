import type { SearchHit } from '../../../src-shared/lmc';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import { t } from '../i18n';
import type { ChatRoute } from './sessions-slice';
import type { Slice } from './types';

/** Actions on the open chat's message tree, search, export/import and files (bridge calls live here, not in components). */
export interface ConversationSlice {
  /** A message to scroll to and highlight once it is on screen (from a search hit). */
  focusMessageId: string | null;
  searchOpen: boolean;
  /** Opens the search dialog (Ctrl/Cmd+K and the menu call this through runAppCommand). */
  openSearch(): void;
  closeSearch(): void;
  /** Full-text search over every chat; rejects with the bridge error. */
  search(query: string): Promise<SearchHit[]>;
  /** Opens the hit's chat on the branch that holds the message and scrolls to it. */
  openHit(hit: SearchHit): Promise<void>;
  clearFocus(): void;
  /** Answers the last user message again (also Retry), optionally with another provider/model. */
  regenerate(route?: ChatRoute): Promise<void>;
  /** Sends an edited version of one of the person's messages. */
  editMessage(messageId: string, text: string): Promise<boolean>;
  /** Shows another version of a message. */
  switchVersion(messageId: string): Promise<void>;
  /** Asks the model to go on with a reply that was cut off or stopped; the text is added to that same reply. */
  continueReply(): Promise<void>;
  /** Saves the open chat as a Markdown or JSON file (a download; Markdown with pictures comes as a .zip with them). */
  exportChat(format: 'markdown' | 'json'): Promise<void>;
  /** Imports a chat exported as JSON and opens it; false (with the reason in `importError`) when the file is refused. */
  importChat(file: File): Promise<boolean>;
  importError: string | null;
  /** Puts a file into the chat's workspace folder (storing the chat first if new); resolves with its path, or null on failure. */
  attachFile(file: File): Promise<string | null>;
}

export const createConversationSlice: Slice<ConversationSlice> = (set, get) => {
  /** Runs a chat action; a failure shows under the chat. */
  const attempt = async (action: (sessionId: string) => Promise<unknown>): Promise<boolean> => {
    const id = get().currentId;
    if (!id) return false;
    set({ chatError: null });
    try {
      await action(id);
      return true;
    } catch (error) {
      set({ chatError: describeError(error), status: { state: 'idle' } });
      return false;
    }
  };
  return {
    focusMessageId: null,
    searchOpen: false,
    importError: null,
    openSearch: () => set({ searchOpen: true }),
    closeSearch: () => set({ searchOpen: false }),
    async search(query) {
      const { hits } = await bridge['sessions.search']({ query });
      return hits;
    },
    async openHit(hit) {
      set({ searchOpen: false });
      await get().selectSession(hit.sessionId);
      if (!get().messages.some((m) => m.id === hit.messageId)) {
        await attempt((sessionId) =>
          bridge['sessions.switchBranch']({ sessionId, messageId: hit.messageId }),
        );
        await get().loadCurrent();
      }
      set({ focusMessageId: hit.messageId });
    },
    clearFocus: () => set({ focusMessageId: null }),
    async regenerate(route) {
      set({ status: { state: 'thinking' } });
      await attempt((sessionId) => bridge['chat.regenerate']({ sessionId, ...(route ? { route } : {}) }));
    },
    editMessage: (messageId, text) => {
      set({ status: { state: 'thinking' } });
      return attempt((sessionId) => bridge['chat.edit']({ sessionId, messageId, text }));
    },
    async switchVersion(messageId) {
      await attempt((sessionId) => bridge['sessions.switchBranch']({ sessionId, messageId }));
    },
    async continueReply() {
      set({ status: { state: 'thinking' } });
      await attempt((sessionId) => bridge['chat.continue']({ sessionId }));
    },
    async exportChat(format) {
      await attempt(async (sessionId) => {
        const file = await bridge['sessions.export']({ sessionId, format });
        const body = file.encoding === 'base64' ? fromBase64(file.content) : file.content;
        const url = URL.createObjectURL(new Blob([body], { type: file.mimeType }));
        const link = document.createElement('a');
        link.href = url;
        link.download = file.filename;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      });
    },
    async importChat(file) {
      set({ importError: null });
      try {
        const session = await bridge['sessions.import']({ content: await file.text() });
        await get().loadSessions();
        await get().selectSession(session.id);
        return true;
      } catch (error) {
        set({ importError: describeError(error) });
        return false;
      }
    },
    async attachFile(file) {
      set({ chatError: null });
      try {
        const sessionId = await get().ensureSession();
        const dataBase64 = await toBase64(file);
        const added = await bridge['files.add']({ sessionId, name: file.name || 'pasted-file', dataBase64 });
        return added.path;
      } catch (error) {
        set({ chatError: describeError(error) });
        return null;
      }
    },
  };
};

/** A file's bytes as base64 (FileReader's data URL, without its prefix). */
function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(t('app.fileUnreadable')));
    reader.readAsDataURL(file);
  });
}

/** Base64 text as bytes (a binary export such as a .zip). */
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
