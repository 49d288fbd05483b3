import type { Slice } from './types';

const SIDEBAR_KEY = 'switchboard.sidebar';
/** Below this window width (px) the sidebar starts hidden and opens over the chat. */
export const NARROW_WIDTH = 700;

function initialSidebarOpen(): boolean {
  try {
    const saved = localStorage.getItem(SIDEBAR_KEY);
    if (saved === 'open' || saved === 'closed') return saved === 'open';
  } catch {
    // No storage: fall through to the width.
  }
  return typeof window === 'undefined' || window.innerWidth >= NARROW_WIDTH;
}

/** Window chrome state: the sidebar and the shortcuts dialog. */
export interface UiSlice {
  /** The sidebar is shown (remembered across starts). */
  sidebarOpen: boolean;
  shortcutsOpen: boolean;
  setSidebarOpen(open: boolean): void;
  toggleSidebar(): void;
  setShortcutsOpen(open: boolean): void;
  /** On a narrow window, where the sidebar lies over the chat, picking something in it closes it. */
  closeSidebarIfNarrow(): void;
  /** A message the person asked to edit from the keyboard (Up in an empty composer); its view opens its editor. */
  editRequest: string | null;
  requestEdit(messageId: string | null): void;
}

export const createUiSlice: Slice<UiSlice> = (set, get) => ({
  sidebarOpen: initialSidebarOpen(),
  shortcutsOpen: false,
  setSidebarOpen(open) {
    set({ sidebarOpen: open });
    try {
      localStorage.setItem(SIDEBAR_KEY, open ? 'open' : 'closed');
    } catch {
      // Not remembered; still applied.
    }
  },
  toggleSidebar() {
    get().setSidebarOpen(!get().sidebarOpen);
  },
  setShortcutsOpen: (open) => set({ shortcutsOpen: open }),
  editRequest: null,
  requestEdit: (messageId) => set({ editRequest: messageId }),
  closeSidebarIfNarrow() {
    // Not remembered: on a wide window the sidebar should be back.
    if (window.innerWidth < NARROW_WIDTH) set({ sidebarOpen: false });
  },
});
