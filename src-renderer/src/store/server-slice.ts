import type { StampedEvent } from '../../../src-shared/events';
import type { ErrorData } from '../../../src-shared/errors';
import type { ApiStatus } from '../../../src-shared/http-api';
import type { SettingsPatch } from '../../../src-shared/settings';
import { bridge } from '../bridge';
import { copyText } from '../clipboard';
import { describeError, fieldErrorWords } from '../errors';
import { t } from '../i18n';
import type { Slice } from './types';

/** A short result of the last Local API action, shown beside the controls. */
export interface ApiNotice {
  kind: 'ok' | 'bad';
  text: string;
}

export interface ServerSlice {
  /** The local API server's status (from main; the token only masked). */
  apiStatus: ApiStatus | null;
  /** An action on the server is on its way (the switch is disabled meanwhile). */
  apiBusy: boolean;
  apiNotice: ApiNotice | null;
  /** Per-setting messages from the last refused save on the Local API tab. */
  apiErrors: Record<string, string>;
  loadApiStatus(): Promise<void>;
  /** Turns the server on or off (saved, so it survives restarts). */
  setApiEnabled(on: boolean): Promise<void>;
  /** Saves Local API settings (port, safety switches, limits); true when saved. */
  saveApiSettings(patch: SettingsPatch, saved: string): Promise<boolean>;
  regenerateApiToken(): Promise<void>;
  /** Copies the bearer token: main puts it on the system clipboard, or (in a browser) hands it to this page to copy. */
  copyApiToken(): Promise<void>;
  /** Copies text that holds no secret (an example); false (with a notice) when the clipboard refused. */
  copyExample(text: string, label: string): Promise<boolean>;
  /** Applies `api.status` events (and reloads after a reconnect). */
  applyServerEvent(event: StampedEvent): void;
}

export const createServerSlice: Slice<ServerSlice> = (set, get) => {
  const busy = async (action: () => Promise<ApiStatus>, done: (status: ApiStatus) => ApiNotice | null) => {
    set({ apiBusy: true, apiNotice: null });
    try {
      const status = await action();
      set({ apiStatus: status, apiNotice: done(status) });
    } catch (error) {
      set({ apiNotice: { kind: 'bad', text: describeError(error) } });
    } finally {
      set({ apiBusy: false });
    }
  };
  return {
    apiStatus: null,
    apiBusy: false,
    apiNotice: null,
    apiErrors: {},
    async loadApiStatus() {
      try {
        set({ apiStatus: await bridge['api.status'](undefined) });
      } catch (error) {
        set({ apiNotice: { kind: 'bad', text: describeError(error) } });
      }
    },
    async setApiEnabled(on) {
      await busy(
        () => bridge[on ? 'api.start' : 'api.stop'](undefined),
        (status) =>
          status.state === 'error' && status.error ? { kind: 'bad', text: status.error.message } : null,
      );
      await get().loadSettings();
    },
    async saveApiSettings(patch, saved) {
      set({ apiErrors: {}, apiNotice: null });
      try {
        const view = await bridge['settings.update'](patch);
        set({ settings: view.values, defaults: view.defaults, apiNotice: { kind: 'ok', text: saved } });
        return true;
      } catch (error) {
        const data = error as Partial<ErrorData>;
        set({
          apiErrors: fieldErrorWords(error),
          apiNotice: {
            kind: 'bad',
            text: data.fields ? t('localApi.notSaved') : describeError(error),
          },
        });
        return false;
      }
    },
    async regenerateApiToken() {
      await busy(
        () => bridge['api.regenerateToken'](undefined),
        () => ({
          kind: 'ok',
          text: t('localApi.newToken'),
        }),
      );
    },
    async copyApiToken() {
      set({ apiNotice: null });
      try {
        const result = await bridge['api.copyToken'](undefined);
        if (result.delivery === 'caller') await copyText(result.token);
        set({ apiNotice: { kind: 'ok', text: t('localApi.tokenCopied') } });
      } catch (error) {
        set({
          apiNotice: { kind: 'bad', text: t('localApi.tokenNotCopied', { reason: describeError(error) }) },
        });
      }
    },
    async copyExample(text, label) {
      try {
        await copyText(text);
        return true;
      } catch {
        set({
          apiNotice: {
            kind: 'bad',
            text: t('localApi.exampleNotCopied', { label }),
          },
        });
        return false;
      }
    },
    applyServerEvent(event) {
      if (event.type === 'api.status') set({ apiStatus: event.status });
      else if (event.type === 'bridge.reconnected') void get().loadApiStatus();
    },
  };
};
