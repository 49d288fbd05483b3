import type { SwitchboardBridge } from '../../src-shared/contract';
import { createHttpBridge } from './http-bridge';
import { takePageToken } from './page-token';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser served by `switchboard serve`. */
    switchboard?: SwitchboardBridge;
  }
}

/**
 * The bridge to main: the preload's `window.switchboard` in Electron, the HTTP bridge in a
 * browser (with the token the page's URL carried, which is then removed from the URL).
 */
export const bridge: SwitchboardBridge =
  window.switchboard ?? createHttpBridge(takePageToken(window.location, window.history, window.sessionStorage));
