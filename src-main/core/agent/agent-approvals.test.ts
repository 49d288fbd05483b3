import { afterEach, describe, expect, it } from 'vitest';
import { agentHarnessPerTest } from '../../../test-support/agent-harness';
import { lastMessageText, type ScriptRule } from '../../../test-support/scripted-upstream';
import { createApprovalPolicy } from './approval-policy';
import { DECLINED_MESSAGE } from './prompt';

/** Follow-ups (a block's output came back) are answered with the output quoted. */
const answerOutput: ScriptRule = {
  match: (request) => lastMessageText(request).includes('was executed on my machine'),
  reply: (request) =>
    `The result is ${/```output\n([\s\S]*?)\n```/.exec(lastMessageText(request))?.[1] ?? '?'}.`,
};
const proposePython = (code: string): ScriptRule => ({
  reply: `Computing.\n\n\`\`\`python\n${code}\n\`\`\``,
});

const start = agentHarnessPerTest(afterEach);

describe('approvals (fenced blocks, Ask every time)', () => {
  it('waits for Run, shows code, language and directory, runs it and feeds the output back', async () => {
    const h = await start({
      rules: [answerOutput, proposePython('print(6 * 7)')],
      settings: { open_interpreter_code_mode: 'fences' },
    });
    h.send('What is six times seven?');
    const approval = await h.nextApproval();
    expect(approval).toMatchObject({
      language: 'python',
      code: 'print(6 * 7)',
      cwd: h.exec.workingDirectory(h.sessionId),
    });
    expect(approval.warnings).toBeUndefined();
    expect(h.agent.status(h.sessionId).state).toBe('awaiting_approval');
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run' });
    await h.idle();

    const [user, prose, code, output, answer] = h.messages();
    expect(user?.content).toBe('What is six times seven?');
    expect(prose).toMatchObject({ role: 'assistant', type: 'message', content: 'Computing.' });
    expect(code).toMatchObject({
      type: 'code',
      format: 'python',
      content: 'print(6 * 7)',
      meta: { status: 'done' },
    });
    expect(output).toMatchObject({ type: 'console', meta: { exit_code: 0, outcome: 'done' } });
    expect(output?.content).toContain('42');
    expect(answer?.content).toBe('The result is 42.');
    const requests = h.requests();
    expect(requests).toHaveLength(2);
    expect(requests[0]?.tools).toBeUndefined();
    expect(lastMessageText({ method: 'POST', path: '', headers: {}, body: requests[1] ?? null })).toContain(
      '```output\n42\n```',
    );
  });

  it('runs the edited code, keeps the original, and tells the model what actually ran', async () => {
    const h = await start({
      rules: [answerOutput, proposePython('print(6 * 7)')],
      settings: { open_interpreter_code_mode: 'fences' },
    });
    h.send('Multiply something.');
    const approval = await h.nextApproval();
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run', code: 'print(7 * 8)' });
    await h.idle();
    const code = h.messages().find((m) => m.type === 'code');
    expect(code).toMatchObject({
      content: 'print(7 * 8)',
      meta: { original_code: 'print(6 * 7)', status: 'done' },
    });
    expect(h.messages().find((m) => m.type === 'console')?.content).toContain('56');
    const followUp = h.requests()[1]?.messages ?? [];
    expect(followUp.find((m) => m.role === 'assistant')?.content).toContain('print(6 * 7)');
    const told = followUp[followUp.length - 1]?.content ?? '';
    expect(told).toContain(
      'I edited the code before running it. This is what ran:\n\n```python\nprint(7 * 8)\n```',
    );
    expect(told).toContain('```output\n56\n```');
  });

  it('Skip ends the turn, and the model is told "I have declined to run this code."', async () => {
    const h = await start({
      rules: [
        { match: 'declined?', reply: 'Understood, I will not run it.' },
        answerOutput,
        { reply: 'Listing.\n\n```shell\nls -la\n```' },
      ],
      settings: { open_interpreter_code_mode: 'fences' },
    });
    h.send('List the files.');
    const approval = await h.nextApproval();
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'skip' });
    await h.idle();
    expect(h.requests()).toHaveLength(1);
    expect(h.messages().find((m) => m.type === 'code')?.meta.status).toBe('skipped');
    expect(h.messages().some((m) => m.type === 'console')).toBe(false);

    h.send('Why was it declined?');
    await h.idle();
    const second = h.requests()[1]?.messages ?? [];
    expect(second.map((m) => m.content)).toContain(DECLINED_MESSAGE);
  });

  it('Auto-run runs blocks without asking', async () => {
    const h = await start({
      rules: [answerOutput, { reply: '```shell\necho auto-ran\n```' }],
      settings: { open_interpreter_code_mode: 'fences', open_interpreter_auto_run: true },
    });
    h.send('Go.');
    await h.idle();
    expect(h.events.some((e) => e.type === 'approval.request')).toBe(false);
    expect(h.messages().find((m) => m.type === 'console')?.content).toContain('auto-ran');
    expect(h.messages().at(-1)?.content).toBe('The result is auto-ran.');
  });

  it('flags a destructive block in red and waits for approval even in Auto-run', async () => {
    // Harmless even if it ran: the device does not exist. It is skipped below.
    const h = await start({
      rules: [{ reply: 'Formatting.\n\n```shell\nmkfs.ext4 /dev/sb-test-no-such-disk\n```' }],
      settings: { open_interpreter_code_mode: 'fences', open_interpreter_auto_run: true },
    });
    h.send('Format the disk.');
    const approval = await h.nextApproval();
    expect(approval.warnings).toEqual(['Formats a disk or wipes its signatures (mkfs, mke2fs, wipefs).']);
    expect(approval.reason).toMatch(/Auto-run is on, but this block waits/);
    expect(h.messages().find((m) => m.type === 'code')?.meta.warnings).toEqual(approval.warnings);
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'skip' });
    await h.idle();
    expect(h.messages().some((m) => m.type === 'console')).toBe(false);
  });

  it('Stop cancels a pending approval and marks the block stopped', async () => {
    const h = await start({
      rules: [proposePython('print(1)')],
      settings: { open_interpreter_code_mode: 'fences' },
    });
    h.send('Print one.');
    const approval = await h.nextApproval();
    expect(h.agent.stop(h.sessionId)).toBe(true);
    await h.idle();
    expect(h.agent.pendingApproval(h.sessionId)).toBeNull();
    expect(h.messages().find((m) => m.type === 'code')?.meta.status).toBe('stopped');
    expect(h.events.some((e) => e.type === 'approval.resolved' && e.blockId === approval.blockId)).toBe(true);
    expect(() => h.agent.approve(h.sessionId, approval.blockId, { decision: 'run' })).toThrow(
      /no longer waiting/,
    );
  });

  it('a policy can make a block wait with a reason and decline it when nobody answers in time', async () => {
    const policy = createApprovalPolicy(() => ({
      action: 'ask',
      reason: 'This session was started over the local API.',
      declineAfterMs: 300,
    }));
    const h = await start({
      rules: [proposePython('print(1)')],
      settings: { open_interpreter_code_mode: 'fences', open_interpreter_auto_run: true },
      approvalPolicy: policy,
    });
    h.send('Print one.');
    const approval = await h.nextApproval();
    expect(approval.reason).toBe('This session was started over the local API.');
    expect(Date.parse(approval.declineAt ?? '')).toBeGreaterThan(Date.now() - 1000);
    await h.idle();
    expect(h.messages().find((m) => m.type === 'code')?.meta.status).toBe('skipped');
    expect(h.messages().at(-1)).toMatchObject({ role: 'computer', meta: { notice: 'approval_timeout' } });
    expect(h.messages().at(-1)?.content).toContain(
      'nobody approved this block in the Switchboard window within 0.3 s',
    );
  });
});
