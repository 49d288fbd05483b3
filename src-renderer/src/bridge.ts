import type { SwitchboardBridge } from '../../src-shared/contract';
import { createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser served by `switchboard serve`. */
    switchboard?: SwitchboardBridge;
  }
}

/** The bridge to main: the preload's `window.switchboard` in Electron, the HTTP bridge in a browser. */
export const bridge: SwitchboardBridge = window.switchboard ?? createHttpBridge();
