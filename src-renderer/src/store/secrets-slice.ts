import type { SecretView } from '../../../src-shared/contract';
import { bridge } from '../bridge';
import { describeError } from '../errors';
import type { Slice } from './types';

export interface SecretsSlice {
  /** Masked views only: the renderer never holds a saved key. */
  secrets: SecretView[];
  /** Per-secret error from the last failed save/delete. */
  secretErrors: Record<string, string>;
  loadSecrets(): Promise<void>;
  setSecret(name: string, values: string[]): Promise<boolean>;
  deleteSecret(name: string): Promise<boolean>;
}

export const createSecretsSlice: Slice<SecretsSlice> = (set) => {
  const attempt = async (name: string, call: () => Promise<{ secrets: SecretView[] }>) => {
    set((s) => ({ secretErrors: { ...s.secretErrors, [name]: '' } }));
    try {
      set({ secrets: (await call()).secrets });
      return true;
    } catch (error) {
      set((s) => ({ secretErrors: { ...s.secretErrors, [name]: describeError(error) } }));
      return false;
    }
  };
  return {
    secrets: [],
    secretErrors: {},
    async loadSecrets() {
      try {
        set({ secrets: (await bridge['secrets.list'](undefined)).secrets });
      } catch (error) {
        set({ secretErrors: { _: describeError(error) } });
      }
    },
    setSecret: (name, values) => attempt(name, () => bridge['secrets.set']({ name, values })),
    deleteSecret: (name) => attempt(name, () => bridge['secrets.delete']({ name })),
  };
};
