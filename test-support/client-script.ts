import { recorded, replay } from './replay';
import { lastMessageText, type RecordedRequest, type ScriptRule } from './scripted-upstream';

/** The city the scripted model asks the client's `get_weather` tool about. */
export const WEATHER_CITY = 'Paris';

const lastRole = (request: RecordedRequest): string | undefined => request.body?.messages?.at(-1)?.role;

/**
 * The scripted model the client-library tests talk to (through the local API):
 * - "think …": a recorded DeepSeek reasoning stream (reasoning_content, then the answer);
 * - a tool result as the last message: answers with it (`Weather report: <result>`);
 * - "weather …" with a `get_weather` tool offered: calls it with `{"city": "Paris"}`;
 * - anything else: "Hello from the scripted upstream." (usage as Groq reports it).
 */
export function clientScript(): ScriptRule[] {
  return [
    { match: /^think/i, ...replay(recorded('deepseek/reasoning-stream')) },
    {
      match: (request) => lastRole(request) === 'tool',
      reply: (request) => `Weather report: ${lastMessageText(request)}`,
    },
    {
      match: (request) =>
        /weather/i.test(lastMessageText(request)) &&
        JSON.stringify(request.body?.tools ?? []).includes('get_weather'),
      toolCalls: [{ name: 'get_weather', arguments: JSON.stringify({ city: WEATHER_CITY }) }],
    },
    { reply: 'Hello from the scripted upstream.' },
  ];
}
