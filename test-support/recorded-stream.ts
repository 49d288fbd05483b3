import { recorded, type Recorded } from './replay';

/** The JSON payloads of a recorded OpenAI-style SSE stream (`data: {…}` events; `[DONE]` left out), parsed. */
export function streamPayloads(value: Recorded): Array<Record<string, unknown>> {
  return value.chunks
    .join('')
    .split('\n\n')
    .map((event) => event.replace(/^data: /, '').trim())
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

/** The text of one `choices[0].delta` field (`content`, `reasoning_content`) over a recorded stream, joined. */
export function streamDeltaText(name: string, field: string): string {
  return streamPayloads(recorded(name))
    .map((payload) => {
      const choices = payload.choices as Array<{ delta?: Record<string, unknown> }> | undefined;
      const value = choices?.[0]?.delta?.[field];
      return typeof value === 'string' ? value : '';
    })
    .join('');
}
