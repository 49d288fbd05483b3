import type { MethodOutput } from '../../../src-shared/contract';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import type { Slice } from './types';

export type AppInfo = MethodOutput<'app.info'>;

/** What the main area shows. */
export type View = 'chat' | 'settings' | 'activity';

export interface AppSlice {
  info: AppInfo | null;
  view: View;
  /** A problem loading the app (server gone, not signed in). */
  appError: string | null;
  loadInfo(): Promise<void>;
  setView(view: View): void;
}

export const createAppSlice: Slice<AppSlice> = (set) => ({
  info: null,
  view: 'chat',
  appError: null,
  async loadInfo() {
    try {
      set({ info: await bridge['app.info'](undefined), appError: null });
    } catch (error) {
      set({ appError: describeError(error) });
    }
  },
  setView: (view) => set({ view }),
});
