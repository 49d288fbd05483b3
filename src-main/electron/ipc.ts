import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channelOf, EVENT_CHANNEL, METHOD_NAMES } from '../../src-shared/contract';
import type { Core } from '../core/app';

/**
 * Binds every contract method to `ipcMain.handle`. Each call is checked to come from our
 * window's main frame and our own origin before its input is parsed (VS Code's
 * `validatedIpcMain`); the answer is the contract envelope, so error codes survive IPC.
 */
export function bindIpc(core: Core, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(channelOf(method), async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'invalid_input', message: 'Untrusted sender.' } };
      }
      return core.dispatch(method, input);
    });
  }
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(channelOf(method));
  };
}

/** Forwards app events to a window; returns the unsubscribe function. */
export function forwardEvents(core: Core, contents: WebContents): () => void {
  return core.events.subscribe((event) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });
}
