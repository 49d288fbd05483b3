import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SwitchboardBridge } from '../../../src-shared/contract';
import type { Activity, CallLogEntry } from '../../../src-shared/router';
import type { useStore as UseStoreValue } from './index';

type UseStore = typeof UseStoreValue;

const entry = (n: number): CallLogEntry => ({
  time: '2026-11-21T12:00:00.000Z',
  callId: `c${n}`,
  attempt: 1,
  providerId: 'groq',
  providerLabel: 'Groq',
  keyFingerprint: '…abcd',
  model: 'llama-3.1-8b-instant',
  stream: true,
  status: 200,
  failure: null,
  message: null,
  latencyMs: 10,
  ttftMs: 5,
  tokensIn: 1,
  tokensOut: 2,
});

let useStore: UseStore;
let activityCalls = 0;
const checkAnswers: Array<(value: unknown) => void> = [];

beforeAll(async () => {
  const fake: Partial<Record<keyof SwitchboardBridge, unknown>> = {
    'router.activity': async (): Promise<Activity> => {
      activityCalls += 1;
      return { calls: [entry(1)], keys: [], mode: 'failover' };
    },
    'router.checkKey': () => new Promise((resolve) => checkAnswers.push(resolve)),
    'router.models': async ({ providerId }: { providerId: string }) => {
      if (providerId === 'openai')
        throw Object.assign(new Error('No API key is saved for openai.'), {
          code: 'no_api_key',
          message: 'No API key is saved for openai.',
        });
      return { providerId, models: ['a', 'b'], fetchedAt: '2026-11-21T12:00:00.000Z' };
    },
  };
  window.switchboard = fake as SwitchboardBridge;
  ({ useStore } = await import('./index'));
});

describe('router slice', () => {
  it('shows a finished attempt at once, then reloads key states once a burst is over', async () => {
    vi.useFakeTimers();
    try {
      await useStore.getState().loadActivity();
      expect(activityCalls).toBe(1);
      for (let n = 2; n <= 4; n++)
        useStore.getState().applyRouterEvent({ type: 'router.call', entry: entry(n), seq: n });
      expect(useStore.getState().activity?.calls.map((c) => c.callId)).toEqual(['c4', 'c3', 'c2', 'c1']);
      expect(activityCalls).toBe(1);
      await vi.advanceTimersByTimeAsync(300);
      expect(activityCalls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Check shows "checking" until the result arrives, per key', async () => {
    const pending = useStore.getState().checkKey('groq_api_keys', 1);
    expect(useStore.getState().keyChecks['groq_api_keys#1']).toBe('checking');
    checkAnswers[0]?.({
      result: 'rejected',
      status: 401,
      message: 'Rejected: Invalid API Key',
      keyFingerprint: '…abcd',
      checkedAt: '2026-11-21T12:00:00.000Z',
    });
    await pending;
    expect(useStore.getState().keyChecks['groq_api_keys#1']).toMatchObject({ result: 'rejected' });
    expect(useStore.getState().keyChecks['groq_api_keys#0']).toBeUndefined();
  });

  it('keeps model lists per provider, and the reason when there is none', async () => {
    await useStore.getState().loadModels('groq');
    await useStore.getState().loadModels('openai');
    expect(useStore.getState().modelOptions).toEqual({
      groq: { models: ['a', 'b'], error: null },
      openai: { models: [], error: expect.stringContaining('No API key') },
    });
  });
});
