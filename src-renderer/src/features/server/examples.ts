/** The environment variable the examples read the token from (the page never shows it). */
export const TOKEN_VARIABLE = 'SWITCHBOARD_API_TOKEN';

/** One ready-to-copy example of calling the local API. */
export interface ApiExample {
  id: 'curl' | 'python' | 'node';
  label: string;
  text: string;
}

/**
 * The examples shown in Settings → Local API, filled in with the server's URL
 * (`http://127.0.0.1:<port>`). The token is read from `$SWITCHBOARD_API_TOKEN`, so an example
 * can be copied and shared without leaking it.
 */
export function apiExamples(url: string): ApiExample[] {
  const body = JSON.stringify({
    model: 'switchboard/open-interpreter',
    messages: [{ role: 'user', content: 'What is 2 + 2?' }],
  });
  return [
    {
      id: 'curl',
      label: 'curl',
      text: [
        `curl -sS ${url}/v1/chat/completions \\`,
        `  -H "Authorization: Bearer $${TOKEN_VARIABLE}" \\`,
        '  -H "Content-Type: application/json" \\',
        `  -d '${body}'`,
      ].join('\n'),
    },
    {
      id: 'python',
      label: 'Python (openai)',
      text: [
        'import os',
        'from openai import OpenAI',
        '',
        'client = OpenAI(',
        `    base_url="${url}/v1",`,
        `    api_key=os.environ["${TOKEN_VARIABLE}"],`,
        ')',
        'reply = client.chat.completions.create(',
        '    model="switchboard/open-interpreter",',
        '    messages=[{"role": "user", "content": "What is 2 + 2?"}],',
        ')',
        'print(reply.choices[0].message.content)',
      ].join('\n'),
    },
    {
      id: 'node',
      label: 'Node.js (openai)',
      text: [
        "import OpenAI from 'openai';",
        '',
        'const client = new OpenAI({',
        `  baseURL: '${url}/v1',`,
        `  apiKey: process.env.${TOKEN_VARIABLE},`,
        '});',
        'const reply = await client.chat.completions.create({',
        "  model: 'switchboard/open-interpreter',",
        "  messages: [{ role: 'user', content: 'What is 2 + 2?' }],",
        '});',
        'console.log(reply.choices[0].message.content);',
      ].join('\n'),
    },
  ];
}
