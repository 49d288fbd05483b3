/** How the model proposes code: an `execute` tool call, or a fenced code block. */
export type ProposalFormat = 'tools' | 'fences';

/** Facts about the machine the agent runs code on; fixed for a session. */
export interface PromptContext {
  /** `process.platform`, e.g. `linux`. */
  platform: string;
  /** The session's working directory. */
  cwd: string;
  /** How the model is asked to propose code (`open_interpreter_code_mode`, resolved). */
  format: ProposalFormat;
  /** How many tools besides `execute` are offered (MCP servers' tools); 0 or absent: none. */
  otherTools?: number;
}

/** The name of the code tool offered in `tools` mode. */
export const EXECUTE_TOOL_NAME = 'execute';

/** The `execute(language, code)` tool, in the OpenAI chat-completions `tools` format. */
export const EXECUTE_TOOL = {
  type: 'function',
  function: {
    name: EXECUTE_TOOL_NAME,
    description:
      "Runs code on the user's machine in a persistent session for that language (variables, imports and the working directory carry over) and returns what it printed. The user approves each call before it runs.",
    parameters: {
      type: 'object',
      properties: {
        language: {
          type: 'string',
          enum: ['python', 'shell', 'javascript'],
          description: 'python, shell (bash) or javascript (Node.js).',
        },
        code: { type: 'string', description: 'The code to run, exactly as it should run.' },
      },
      required: ['language', 'code'],
    },
  },
} as const;

/**
 * The system prompt of the `open_interpreter` backend. Built from constants every turn and
 * never appended to, so it is the same length on every request of a session (the seed's bug
 * was a prompt that grew each turn).
 */
export function buildSystemPrompt(context: PromptContext): string {
  const howToRun =
    context.format === 'tools'
      ? [
          'To run code, call the execute tool with its language (python, shell for bash, or javascript for Node.js) and the code.',
          'Make one call, then stop: the user approves each call before it runs, and you will receive its output as the tool result.',
          'A fenced ```python, ```shell or ```javascript block in your reply is also run as code, so do not use those fences for examples.',
        ]
      : [
          'To run code, write it in ONE fenced code block tagged with its language: ```python, ```shell (bash) or ```javascript (Node.js).',
          'Write one block, then stop: the user approves each block before it runs, and you will receive its output in the next message.',
        ];
  const otherTools =
    context.format === 'tools' && (context.otherTools ?? 0) > 0
      ? [
          'Besides execute, you have other tools (named <server>__<tool>); call one when it fits the task better than code. Each call is approved by the user, and you receive its result as the tool result.',
        ]
      : [];
  return [
    "You are Switchboard, a world-class programmer who completes any goal by writing and running code on the user's machine.",
    ...howToRun,
    ...otherTools,
    'Each language keeps one persistent session, so variables, imports and the working directory carry over between blocks.',
    'Print the values you need to see. Prefer small, verifiable steps. If a block fails, read the error and try a different fix.',
    'Python figures shown with plt.show() appear to the user as images. Programs can ask the user for input; the user types into the terminal.',
    'When the goal is done, answer in plain words with no code block, quoting the results the code produced.',
    `The user's operating system is ${context.platform}. Code runs in the working directory ${context.cwd}.`,
  ].join('\n');
}

/** The `chat` backend's system prompt (plain chat, no code execution). */
export const CHAT_SYSTEM_PROMPT =
  'You are a helpful assistant. Answer clearly and concisely; use Markdown for code.';

/** What happened around a block's run, for the model. */
export interface RunReport {
  exitCode: number | null;
  /** Why the block did not finish normally, in words. */
  note?: string;
  /** The code the person edited the block into (what actually ran), when they edited it. */
  editedCode?: { language: string; code: string };
  /** The block ran in a fresh kernel, so state from earlier blocks is gone. */
  restartedKernel?: boolean;
  /** How many images (plots) the block showed the user. */
  images?: number;
  /** The block printed more than Switchboard keeps (1 MB), so even the kept output is only its end. */
  truncated?: boolean;
}

/** What the model is told when a block ran. `output` is already ANSI-stripped and cut. */
export function describeOutput(output: string, report: RunReport): string {
  const status =
    report.note ?? (report.exitCode === null ? 'it did not finish' : `exit status ${report.exitCode}`);
  const body = output.trim() === '' ? '(no output)' : output.replace(/\n+$/, '');
  const parts: string[] = [];
  if (report.editedCode) {
    parts.push(
      `I edited the code before running it. This is what ran:\n\n\`\`\`${report.editedCode.language}\n${report.editedCode.code.replace(/\n$/, '')}\n\`\`\``,
    );
  }
  if (report.restartedKernel)
    parts.push('(It ran in a fresh session: variables and imports from earlier blocks are gone.)');
  parts.push(
    `The code ${report.editedCode ? '' : 'above '}was executed on my machine (${status}). It produced this output:\n\n\`\`\`output\n${body}\n\`\`\``,
  );
  if (report.truncated)
    parts.push('It printed more than the 1 MB Switchboard keeps; anything before the kept part is gone.');
  if (report.images)
    parts.push(
      report.images === 1
        ? 'It also produced an image, which is shown to the user.'
        : `It also produced ${report.images} images, which are shown to the user.`,
    );
  return parts.join('\n\n');
}

/** What the model is told when the person skipped a block (Open Interpreter's wording). */
export const DECLINED_MESSAGE = 'I have declined to run this code.';

/**
 * Sent (never stored) after a cut-off reply when the person presses Continue. OpenAI-compatible
 * chat APIs answer a conversation that ends with an assistant message with a new reply rather
 * than extending it (only some providers honour such a prefill), so the model is told plainly.
 */
export const CONTINUE_INSTRUCTION =
  'Your last reply was cut off. Continue it exactly where it stopped, without repeating anything you already wrote and without mentioning the interruption.';
