import { beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardBridge } from '../../../src-shared/contract';
import type { StampedEvent } from '../../../src-shared/events';
import type { ChatMessage } from '../../../src-shared/lmc';
import type { onConsoleOutput as OnConsoleOutputValue, useStore as UseStoreValue } from './index';

type UseStore = typeof UseStoreValue;

/**
 * The renderer's wire boundary is `window.switchboard` (the preload's API); this scripted one
 * lets the test decide when a snapshot answers and which events arrive meanwhile.
 */
let answerSnapshot: (value: unknown) => void = () => undefined;
/** `chat.input` calls as they reach the bridge; each answers when the test says so. */
const inputs: Array<{ input: { sessionId: string; data: string }; answer: () => void }> = [];

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
let onConsoleOutput: typeof OnConsoleOutputValue;
/** Delivers an event the way App wires `bridge.onEvent` to the store. */
const emit = (event: StampedEvent) => useStore.getState().applyEvent(event);

beforeAll(async () => {
  const fake: Partial<Record<keyof SwitchboardBridge, unknown>> = {
    'sessions.get': () => new Promise((resolve) => (answerSnapshot = resolve)),
    'sessions.list': async () => ({ sessions: [] }),
    'chat.input': (input: { sessionId: string; data: string }) =>
      new Promise((resolve) => inputs.push({ input, answer: () => resolve({ written: true }) })),
  };
  window.switchboard = fake as SwitchboardBridge;
  ({ useStore, onConsoleOutput } = await import('./index'));
});

describe('chat slice: snapshot + live events', () => {
  it('keeps events that arrive while a snapshot loads and drops the ones the snapshot already has', async () => {
    const store = useStore;
    store.setState({ currentId: 's1', messages: [] });
    const loading = store.getState().loadCurrent();

    // Snapshot is taken at seq 2: the block exists with partial content.
    const snapshot = {
      session: {},
      messages: [message('b1', 'cat <<EOF')],
      status: { state: 'thinking' },
      pendingApproval: null,
      eventSeq: 2,
    };
    // Live events: seq 2 was already in the snapshot; 3..5 came after it.
    const events: StampedEvent[] = [
      { type: 'message.delta', sessionId: 's1', messageId: 'b1', content: 'cat <<EOF', seq: 2 },
      { type: 'message.delta', sessionId: 's1', messageId: 'b1', content: '\nhi\nEOF', seq: 3 },
      { type: 'message.end', sessionId: 's1', message: message('b1', 'cat <<EOF\nhi\nEOF'), seq: 4 },
      {
        type: 'approval.request',
        sessionId: 's1',
        approval: { blockId: 'b1', language: 'shell', code: 'cat <<EOF\nhi\nEOF', cwd: '/w' },
        seq: 5,
      },
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

describe("chat slice: the running block's terminal", () => {
  it('sends keystrokes in order, one call at a time, batching those typed meanwhile', async () => {
    useStore.setState({ currentId: 's1' });
    const { typeIntoConsole } = useStore.getState();
    typeIntoConsole('A');
    typeIntoConsole('d');
    typeIntoConsole('a\r');
    expect(inputs.map((call) => call.input.data)).toEqual(['A']);
    inputs[0]?.answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(inputs.map((call) => call.input)).toEqual([
      { sessionId: 's1', data: 'A' },
      { sessionId: 's1', data: 'da\r' },
    ]);
    inputs[1]?.answer();
  });

  it('hands live console chunks to the terminal and keeps only the newest 1 MB in the store', () => {
    const consoleMessage = message('c1', '', {
      role: 'computer',
      type: 'console',
      format: 'output',
      meta: {},
    });
    useStore.setState({ currentId: 's1', messages: [consoleMessage] });
    const chunks: string[] = [];
    const unsubscribe = onConsoleOutput('c1', (chunk) => chunks.push(chunk));
    emit({ type: 'message.delta', sessionId: 's1', messageId: 'c1', content: 'x'.repeat(900_000), seq: 20 });
    emit({
      type: 'message.delta',
      sessionId: 's1',
      messageId: 'c1',
      content: `${'y'.repeat(200_000)}END`,
      seq: 21,
    });
    unsubscribe();
    emit({ type: 'message.delta', sessionId: 's1', messageId: 'c1', content: '!', seq: 22 });
    expect(chunks.map((chunk) => chunk.length)).toEqual([900_000, 200_003]);
    const content = useStore.getState().messages[0]?.content ?? '';
    expect(content.length).toBe(1_000_000);
    expect(content.endsWith('END!')).toBe(true);
  });

  it('empties the open session when its messages were cleared elsewhere (e.g. over the local API)', () => {
    useStore.setState({
      currentId: 's1',
      messages: [message('b3', 'ls')],
      pending: { blockId: 'b3', language: 'shell', code: 'ls', cwd: '/w' },
    });
    emit({ type: 'session.cleared', sessionId: 'other', seq: 20 });
    expect(useStore.getState().messages).toHaveLength(1);
    emit({ type: 'session.cleared', sessionId: 's1', seq: 21 });
    expect(useStore.getState().messages).toEqual([]);
    expect(useStore.getState().pending).toBeNull();
  });

  it("grows a reply's reasoning and replaces its sources as they stream in", () => {
    useStore.setState({ currentId: 's1', messages: [message('r1', '', { type: 'message', meta: {} })] });
    emit({ type: 'message.reasoning', sessionId: 's1', messageId: 'r1', content: 'Let me ', seq: 30 });
    emit({ type: 'message.reasoning', sessionId: 's1', messageId: 'r1', content: 'count.', seq: 31 });
    emit({
      type: 'message.sources',
      sessionId: 's1',
      messageId: 'r1',
      sources: [{ url: 'https://a.example/' }],
      seq: 32,
    });
    emit({
      type: 'message.sources',
      sessionId: 's1',
      messageId: 'r1',
      sources: [{ url: 'https://a.example/', title: 'A' }, { url: 'https://b.example/' }],
      seq: 33,
    });
    expect(useStore.getState().messages[0]?.meta).toEqual({
      reasoning: 'Let me count.',
      sources: [{ url: 'https://a.example/', title: 'A' }, { url: 'https://b.example/' }],
    });
  });
});
