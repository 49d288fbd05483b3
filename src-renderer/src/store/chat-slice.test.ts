import { beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardBridge } from '../../../src-shared/contract';
import type { StampedEvent } from '../../../src-shared/events';
import type { ChatMessage } from '../../../src-shared/lmc';
import type { useStore as UseStoreValue } from './index';

type UseStore = typeof UseStoreValue;

/**
 * The renderer's wire boundary is `window.switchboard` (the preload's API); this scripted one
 * lets the test decide when a snapshot answers and which events arrive meanwhile.
 */
let answerSnapshot: (value: unknown) => void = () => undefined;

const message = (id: string, content: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  session_id: 's1',
  role: 'assistant',
  type: 'code',
  format: 'shell',
  content,
  meta: { status: 'pending' },
  created_at: '2026-11-21T00:00:00.000Z',
  ...extra,
});

let useStore: UseStore;
/** Delivers an event the way App wires `bridge.onEvent` to the store. */
const emit = (event: StampedEvent) => useStore.getState().applyEvent(event);

beforeAll(async () => {
  const fake: Partial<Record<keyof SwitchboardBridge, unknown>> = {
    'sessions.get': () => new Promise((resolve) => (answerSnapshot = resolve)),
    'sessions.list': async () => ({ sessions: [] }),
  };
  window.switchboard = fake as SwitchboardBridge;
  ({ useStore } = await import('./index'));
});

describe('chat slice: snapshot + live events', () => {
  it('keeps events that arrive while a snapshot loads and drops the ones the snapshot already has', async () => {
    const store = useStore;
    store.setState({ currentId: 's1', messages: [] });
    const loading = store.getState().loadCurrent();

    // Snapshot is taken at seq 2: the block exists with partial content.
    const snapshot = { session: {}, messages: [message('b1', 'cat <<EOF')], status: { state: 'thinking' }, pendingApproval: null, eventSeq: 2 };
    // Live events: seq 2 was already in the snapshot; 3..5 came after it.
    const events: StampedEvent[] = [
      { type: 'message.delta', sessionId: 's1', messageId: 'b1', content: 'cat <<EOF', seq: 2 },
      { type: 'message.delta', sessionId: 's1', messageId: 'b1', content: '\nhi\nEOF', seq: 3 },
      { type: 'message.end', sessionId: 's1', message: message('b1', 'cat <<EOF\nhi\nEOF'), seq: 4 },
      { type: 'approval.request', sessionId: 's1', approval: { blockId: 'b1', language: 'shell', code: 'cat <<EOF\nhi\nEOF', cwd: '/w' }, seq: 5 },
      { type: 'turn.status', sessionId: 's1', status: { state: 'awaiting_approval' }, seq: 6 },
    ];
    for (const event of events) emit(event);
    answerSnapshot(snapshot);
    await loading;

    const state = store.getState();
    expect(state.messages).toEqual([message('b1', 'cat <<EOF\nhi\nEOF')]);
    expect(state.pending?.blockId).toBe('b1');
    expect(state.status.state).toBe('awaiting_approval');
  });

  it('applies live events directly when no snapshot is loading, ignoring other sessions', () => {
    useStore.setState({ currentId: 's1', messages: [message('b2', '')], pending: null });
    emit({ type: 'message.delta', sessionId: 's1', messageId: 'b2', content: 'ls', seq: 10 });
    emit({ type: 'message.delta', sessionId: 'other', messageId: 'b2', content: ' -la', seq: 11 });
    expect(useStore.getState().messages[0]?.content).toBe('ls');
  });
});
