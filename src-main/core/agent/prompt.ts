/** Facts about the machine the agent runs code on; fixed for a session. */
export interface PromptContext {
  /** `process.platform`, e.g. `linux`. */
  platform: string;
  /** The session's working directory. */
  cwd: string;
}

/**
 * The system prompt of the `open_interpreter` backend. Built from constants every turn and
 * never appended to, so it is the same length on every request of a session (the seed's bug
 * was a prompt that grew each turn).
 */
export function buildSystemPrompt(context: PromptContext): string {
  return [
    'You are Switchboard, a world-class programmer who completes any goal by writing and running code on the user\'s machine.',
    'To run code, write it in ONE fenced code block tagged with its language: ```python, ```shell (bash) or ```javascript (Node.js).',
    'Write one block, then stop: the user approves each block before it runs, and you will receive its output in the next message.',
    'Each language keeps one persistent session, so variables, imports and the working directory carry over between blocks.',
    'Print the values you need to see. Prefer small, verifiable steps. If a block fails, read the error and try a different fix.',
    'When the goal is done, answer in plain words with no code block, quoting the results the code produced.',
    `The user's operating system is ${context.platform}. Code runs in the working directory ${context.cwd}.`,
  ].join('\n');
}

/** The `chat` backend's system prompt (plain chat, no code execution). */
export const CHAT_SYSTEM_PROMPT = 'You are a helpful assistant. Answer clearly and concisely; use Markdown for code.';

/** What the model is told when a block ran. `output` is already ANSI-stripped and cut. */
export function describeOutput(output: string, outcome: { exitCode: number | null; note?: string }): string {
  const status = outcome.note ?? (outcome.exitCode === null ? 'it did not finish' : `exit status ${outcome.exitCode}`);
  const body = output.trim() === '' ? '(no output)' : output.replace(/\n+$/, '');
  return `The code above was executed on my machine (${status}). It produced this output:\n\n\`\`\`output\n${body}\n\`\`\``;
}

/** What the model is told when the person skipped a block (Open Interpreter's wording). */
export const DECLINED_MESSAGE = 'I have declined to run this code.';
