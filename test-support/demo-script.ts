import { agentDemoRules } from './agent-demo-script';
import { lastMessageText, type ScriptRule } from './scripted-upstream';

const OUTPUT_MARKER = 'was executed on my machine';

/** The code output the agent sent back, from the follow-up request's last message. */
function reportedOutput(text: string): string {
  const match = /```output\n([\s\S]*?)\n```/.exec(text);
  return (match?.[1] ?? '').trim();
}

/**
 * The script of `npm run demo` (and of the end-to-end tests): canned replies that exercise the
 * whole flow — a python block, a shell block, the output fed back, a final answer that quotes
 * the real output. No model is involved.
 */
export function demoScript(): ScriptRule[] {
  return [
    {
      match: (request) => lastMessageText(request).includes(OUTPUT_MARKER),
      reply: (request) => {
        const output = reportedOutput(lastMessageText(request));
        const hash = /\b[0-9a-f]{64}\b/.exec(output)?.[0];
        if (hash) return `The SHA-256 of the word is \`${hash}\` — computed by Python on your machine.`;
        if (output === '' || output === '(no output)') return 'The code ran and printed nothing.';
        return `Done. The code printed:\n\n\`\`\`\n${output.slice(0, 1500)}\n\`\`\``;
      },
    },
    ...agentDemoRules(),
    {
      match: /sha-?256|hash/i,
      reply: (request) => {
        const word = /word\s+["'`]?([^\s"'`?.,!]+)/i.exec(lastMessageText(request))?.[1] ?? 'hello';
        return `I'll compute it with Python's hashlib.\n\n\`\`\`python\nimport hashlib\nprint(hashlib.sha256(${JSON.stringify(word)}.encode()).hexdigest())\n\`\`\``;
      },
    },
    {
      match: /\b(files|list|directory|folder|ls)\b/i,
      reply: "Let me look at the working directory.\n\n```shell\npwd\nls -la\n```",
    },
    {
      match: /heredoc|case/i,
      reply: "Here is a shell block with a heredoc and a case statement.\n\n```shell\ncat <<EOF\nhome is $HOME\nliteral \\$ sign\nEOF\nfruit=banana\ncase \"$fruit\" in\n  apple) echo 'an apple';;\n  banana|cherry) echo 'a banana or a cherry';;\n  *) echo 'something else';;\nesac\n```",
    },
    {
      match: /sleep|long|wait/i,
      reply: "This block runs for a while; press Stop to end it.\n\n```shell\nfor i in $(seq 1 30); do echo \"tick $i\"; sleep 1; done\n```",
    },
    {
      reply:
        'This is the **Switchboard demo**: replies come from a script, not a model, so you can try the whole flow without an API key.\n\nTry:\n- "What is the SHA-256 of the word hello? Compute it."\n- "List the files in the working directory."\n- "Show me a heredoc and a case statement."\n- "Run something long" (then press Stop).',
    },
  ];
}
