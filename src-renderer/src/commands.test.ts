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
  it('settings opens Settings; new_chat creates a session and opens it in the chat', async () => {
    await runAppCommand('settings');
    expect(useStore.getState().view).toBe('settings');
    await runAppCommand('new_chat');
    expect(created.map((s) => s.id)).toEqual(['s1']);
    expect(useStore.getState().currentId).toBe('s1');
    expect(useStore.getState().view).toBe('chat');
  });

  it('search opens the store’s search when it has one, and is harmless otherwise', async () => {
    await runAppCommand('search');
    let opened = 0;
    useStore.setState({ openSearch: () => (opened += 1) } as never);
    await runAppCommand('search');
    expect(opened).toBe(1);
  });
});
