import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelOf, EVENT_CHANNEL, METHOD_NAMES, type SwitchboardBridge } from '../src-shared/contract';
import type { StampedEvent } from '../src-shared/events';
import type { Envelope } from '../src-shared/errors';

/**
 * `window.switchboard`: one function per contract method and a typed `onEvent` — never a raw
 * `ipcRenderer` or a generic send/on. Each call unwraps the contract envelope; errors reject
 * with `{code, message, fields?}` data.
 */
const bridge: Record<string, unknown> = {};
for (const method of METHOD_NAMES) {
  bridge[method] = async (input: unknown) => {
    const envelope = (await ipcRenderer.invoke(channelOf(method), input)) as Envelope<unknown>;
    if (envelope.ok) return envelope.result;
    throw Object.assign(new Error(envelope.error.message), envelope.error);
  };
}
bridge.onEvent = (listener: (event: StampedEvent) => void) => {
  const handler = (_event: IpcRendererEvent, payload: StampedEvent) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
};

contextBridge.exposeInMainWorld('switchboard', bridge as SwitchboardBridge);
