import { beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardBridge } from '../../src-shared/contract';
import type { SessionSummary } from '../../src-shared/lmc';
import type { runAppCommand as RunAppCommand } from './commands';
import type { useStore as UseStoreValue } from './store';

let useStore: typeof UseStoreValue;
let runAppCommand: typeof RunAppCommand;
const created: SessionSummary[] = [];

beforeAll(async () => {
  const session = (n: number): SessionSummary => ({
    id: `s${n}`,
    title: 'New chat',
    created_at: '2026-11-30T12:00:00.000Z',
    updated_at: '2026-11-30T12:00:00.000Z',
    message_count: 0,
    source: 'app',
  });
  const fake: Partial<Record<keyof SwitchboardBridge, unknown>> = {
    'sessions.create': async () => {
      const next = session(created.length + 1);
      created.push(next);
      return next;
    },
    'sessions.get': async ({ sessionId }: { sessionId: string }) => ({
      session: created.find((s) => s.id === sessionId),
      messages: [],
      status: { state: 'idle' },
      pendingApproval: null,
      eventSeq: 0,
    }),
  };
  window.switchboard = fake as SwitchboardBridge;
  ({ useStore } = await import('./store'));
  ({ runAppCommand } = await import('./commands'));
});

describe('runAppCommand (menu items and shortcuts)', () => {
  it('settings opens Settings; new_chat opens an empty chat in the chat view, stored only once it has a message', async () => {
    useStore.setState({ currentId: 'earlier' });
    await runAppCommand('settings');
    expect(useStore.getState().view).toBe('settings');
    await runAppCommand('new_chat');
    expect(created).toEqual([]);
    expect(useStore.getState().currentId).toBeNull();
    expect(useStore.getState().view).toBe('chat');
  });

  it('search opens the search dialog', async () => {
    expect(useStore.getState().searchOpen).toBe(false);
    await runAppCommand('search');
    expect(useStore.getState().searchOpen).toBe(true);
  });
});
