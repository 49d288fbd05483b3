import type { StampedEvent } from '../../../src-shared/events';
import type { Activity, KeyCheck } from '../../../src-shared/router';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import type { Slice } from './types';

/** How many recent attempts the Activity view shows. */
export const ACTIVITY_LIMIT = 100;

/** A provider's model list as the model field offers it. */
export interface ModelOptions {
  models: string[];
  /** Why the list could not be fetched (no key, key rejected, …); the field still takes free text. */
  error: string | null;
}

/** The router's state in the renderer: the Activity view, key checks, model lists. */
export interface RouterSlice {
  /** The Activity view's data: recent attempts and every key's state; null until loaded. */
  activity: Activity | null;
  activityError: string | null;
  loadActivity(): Promise<void>;
  /** Results of Settings → API Keys → Check, keyed by `checkKeyId(name, index)`; `checking` while it runs. */
  keyChecks: Record<string, KeyCheck | 'checking' | { error: string }>;
  checkKey(name: string, index: number): Promise<void>;
  /** Model lists by provider id (fetched once per provider and session; the core caches them too). */
  modelOptions: Record<string, ModelOptions>;
  loadModels(providerId: string, refresh?: boolean): Promise<void>;
  /** Keeps the Activity view live: a finished attempt is shown at once, key states follow. */
  applyRouterEvent(event: StampedEvent): void;
}

/** The key of one key's Check result. */
export const checkKeyId = (name: string, index: number): string => `${name}#${index}`;

/** Builds the router slice (bridge calls live here, not in components). */
export const createRouterSlice: Slice<RouterSlice> = (set, get) => {
  let reload: ReturnType<typeof setTimeout> | null = null;
  return {
    activity: null,
    activityError: null,
    async loadActivity() {
      try {
        set({ activity: await bridge['router.activity']({ limit: ACTIVITY_LIMIT }), activityError: null });
      } catch (error) {
        set({ activityError: describeError(error) });
      }
    },
    keyChecks: {},
    async checkKey(name, index) {
      const id = checkKeyId(name, index);
      set((s) => ({ keyChecks: { ...s.keyChecks, [id]: 'checking' } }));
      try {
        const result = await bridge['router.checkKey']({ name, index });
        set((s) => ({ keyChecks: { ...s.keyChecks, [id]: result } }));
      } catch (error) {
        set((s) => ({ keyChecks: { ...s.keyChecks, [id]: { error: describeError(error) } } }));
      }
      if (get().activity) void get().loadActivity();
    },
    modelOptions: {},
    async loadModels(providerId, refresh = false) {
      try {
        const list = await bridge['router.models']({ providerId, refresh });
        set((s) => ({
          modelOptions: { ...s.modelOptions, [providerId]: { models: list.models, error: null } },
        }));
      } catch (error) {
        set((s) => ({
          modelOptions: {
            ...s.modelOptions,
            [providerId]: { models: s.modelOptions[providerId]?.models ?? [], error: describeError(error) },
          },
        }));
      }
    },
    applyRouterEvent(event) {
      if (event.type === 'bridge.reconnected' && get().activity) void get().loadActivity();
      if (event.type !== 'router.call') return;
      const activity = get().activity;
      if (!activity) return;
      set({ activity: { ...activity, calls: [event.entry, ...activity.calls].slice(0, ACTIVITY_LIMIT) } });
      // Key states change with attempts; fetch them once a burst of attempts is over.
      if (reload) clearTimeout(reload);
      reload = setTimeout(() => {
        reload = null;
        void get().loadActivity();
      }, 300);
    },
  };
};
