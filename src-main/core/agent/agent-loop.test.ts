import { afterEach, describe, expect, it } from 'vitest';
import { agentHarnessPerTest } from '../../../test-support/agent-harness';
import {
  lastMessageText,
  type RecordedRequest,
  type ScriptRule,
} from '../../../test-support/scripted-upstream';
import { pythonWithMatplotlib } from '../exec/test-support';

const isFollowUp = (request: RecordedRequest): boolean =>
  lastMessageText(request).includes('was executed on my machine');
const answerOutput: ScriptRule = {
  match: isFollowUp,
  reply: (request) =>
    `The result is ${/```output\n([\s\S]*?)\n```/.exec(lastMessageText(request))?.[1] ?? '?'}.`,
};

const start = agentHarnessPerTest(afterEach);
const autoFences = { open_interpreter_code_mode: 'fences', open_interpreter_auto_run: true } as const;

describe('loop control', () => {
  it('stops at the iteration cap and says why in the chat', async () => {
    let n = 0;
    const h = await start({
      rules: [{ reply: () => `Step ${++n}.\n\n\`\`\`python\nprint(${n})\n\`\`\`` }],
      settings: { ...autoFences, open_interpreter_max_iterations: 3 },
    });
    h.send('Count forever.');
    await h.idle();
    expect(h.requests()).toHaveLength(4);
    const blocks = h.messages().filter((m) => m.type === 'code');
    expect(blocks.map((m) => m.meta.status)).toEqual(['done', 'done', 'done', 'stopped']);
    expect(h.messages().filter((m) => m.type === 'console')).toHaveLength(3);
    const notice = h.messages().at(-1);
    expect(notice).toMatchObject({ role: 'computer', type: 'message', meta: { notice: 'iteration_cap' } });
    expect(notice?.content).toContain('limit of 3 code runs');
  });

  it('stops when the same code produces the same output twice in a row', async () => {
    const h = await start({
      rules: [{ reply: 'Trying again.\n\n```shell\necho same\n```' }],
      settings: autoFences,
    });
    h.send('Loop.');
    await h.idle();
    expect(h.requests()).toHaveLength(2);
    expect(h.messages().filter((m) => m.type === 'console')).toHaveLength(2);
    expect(h.messages().at(-1)).toMatchObject({ meta: { notice: 'repeated_output' } });
    expect(h.messages().at(-1)?.content).toContain('same code produced the same output twice in a row');
  });

  it('keeps going when the same code produces new output', async () => {
    let n = 0;
    const h = await start({
      rules: [
        { match: () => n >= 3, reply: 'Done.' },
        { reply: () => (n++, '```shell\necho $((++count))\n```') },
      ],
      settings: autoFences,
    });
    h.send('Count.');
    await h.idle();
    const outputs = h
      .messages()
      .filter((m) => m.type === 'console')
      .map((m) => m.content.trim());
    expect(outputs).toEqual(['1', '2', '3']);
    expect(h.messages().at(-1)?.content).toBe('Done.');
  });

  it("sends a system prompt of the same length on every request across 5 turns, and records each turn's usage", async () => {
    let n = 0;
    const h = await start({
      rules: [answerOutput, { reply: () => `\`\`\`python\nprint(${++n} * 11)\n\`\`\`` }],
      settings: autoFences,
    });
    for (let turn = 1; turn <= 5; turn++) {
      h.send(`Turn ${turn}: multiply.`);
      await h.idle();
    }
    const requests = h.requests();
    expect(requests).toHaveLength(10);
    const systems = requests.map((body) => (body.messages ?? []).filter((m) => m.role === 'system'));
    expect(systems.every((list) => list.length === 1)).toBe(true);
    expect(new Set(systems.map((list) => list[0]?.content?.length)).size).toBe(1);
    for (const user of h.messages().filter((m) => m.role === 'user')) {
      expect(user.meta.turn_usage).toMatchObject({ requests: 2, unreported: 0 });
      expect(user.meta.turn_usage?.prompt_tokens).toBeGreaterThan(0);
      expect(user.meta.turn_usage?.completion_tokens).toBeGreaterThan(0);
    }
  });

  it('sends the last N earlier messages cut to M characters, and the current turn whole', async () => {
    const h = await start({
      rules: [
        answerOutput,
        {
          match: 'plain',
          reply: 'A plain answer that is quite a bit longer than forty characters, for trimming.',
        },
        { reply: '```shell\necho "a fairly long line of output from the first turn, to be cut"\n```' },
      ],
      settings: { ...autoFences, open_interpreter_history_messages: 3, open_interpreter_history_chars: 40 },
    });
    h.send('First turn: run something that prints a long line.');
    await h.idle();
    h.send('Second turn, plain please.');
    await h.idle();
    const long = `Third turn, plain again: ${'x'.repeat(200)}`;
    h.send(long);
    await h.idle();
    const third = h.requests().at(-1)?.messages ?? [];
    expect(third[0]?.role).toBe('system');
    const history = third.slice(1, -1);
    expect(history).toHaveLength(3);
    for (const m of history) expect((m.content ?? '').length).toBeLessThanOrEqual(40);
    expect(history.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(third.at(-1)).toEqual({ role: 'user', content: long });
  });
});

describe('what the model is told', () => {
  it('says a plot was shown as an image, and stores it as an LMC image', async () => {
    const plot = 'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\nprint("plotted")';
    const h = await start({
      rules: [answerOutput, { reply: `\`\`\`python\n${plot}\n\`\`\`` }],
      settings: autoFences,
      interpreters: { python: pythonWithMatplotlib() },
    });
    h.send('Plot something.');
    await h.idle(60_000);
    const types = h.messages().map((m) => m.type);
    expect(types).toEqual(['message', 'code', 'console', 'image', 'message']);
    const image = h.messages().find((m) => m.type === 'image');
    expect(image).toMatchObject({ role: 'computer', format: 'base64.png' });
    expect(
      Buffer.from(image?.content ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(
      lastMessageText({ method: 'POST', path: '', headers: {}, body: h.requests()[1] ?? null }),
    ).toContain('It also produced an image, which is shown to the user.');
  });

  it('reports a missing interpreter in the chat and to the model, without hanging', async () => {
    const h = await start({
      rules: [
        { match: 'could not run', reply: 'python is missing; I will use the shell instead.' },
        { reply: '```python\nprint(1)\n```' },
      ],
      settings: autoFences,
      interpreters: { python: 'python3-sb-missing' },
    });
    h.send('Print one.');
    await h.idle();
    const output = h.messages().find((m) => m.type === 'console');
    expect(output).toMatchObject({
      content: 'python3-sb-missing was not found on PATH',
      meta: { outcome: 'not_started' },
    });
    expect(h.messages().find((m) => m.type === 'code')?.meta.status).toBe('failed');
    expect(lastMessageText({ method: 'POST', path: '', headers: {}, body: h.requests()[1] ?? null })).toBe(
      'The code could not run: python3-sb-missing was not found on PATH',
    );
  });

  it('says when a block ran in a fresh kernel after the previous one exited', async () => {
    let n = 0;
    const h = await start({
      rules: [
        { match: () => n >= 2, reply: 'Done.' },
        {
          reply: () =>
            ++n === 1
              ? '```python\nx = 1\nimport os\nos._exit(4)\n```'
              : '```python\nprint(globals().get("x", "gone"))\n```',
        },
      ],
      settings: autoFences,
    });
    h.send('Crash, then look.');
    await h.idle();
    const outputs = h.messages().filter((m) => m.type === 'console');
    expect(outputs[0]?.meta).toMatchObject({ outcome: 'kernel_exited', exit_code: 4 });
    expect(outputs[1]?.meta.restarted_kernel).toBe(true);
    const told = h.requests()[2]?.messages?.at(-1)?.content ?? '';
    expect(told).toContain('It ran in a fresh session');
  });
});
