import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../../test-support/api-harness';

/** A Groq-style stream of `pieces` content chunks, a finish chunk and `[DONE]`, as one string. */
function wholeStream(pieces: string[]): string {
  const event = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: 'llama-3.1-8b-instant', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [
    event({ role: 'assistant', content: '' }, null),
    ...pieces.map((text) => event({ content: text }, null)),
    event({}, 'stop'),
    'data: [DONE]\n\n',
  ].join('');
}

const PIECES = ['Every ', 'event ', 'of ', 'this ', 'reply ', 'arrives ', 'in ', 'one ', 'read.'];

/** Sends `body` to `path` over a fresh connection and answers the raw bytes, up to the end of a chunked body. */
function exchange(port: number, path: string, token: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (data) => {
      received.push(data);
      const text = Buffer.concat(received).toString('utf8');
      if (text.endsWith('\r\n0\r\n\r\n')) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}

/** The data of each frame of a chunked HTTP/1.1 body (the last, empty one left out). */
function chunkedFrames(response: string): string[] {
  let rest = response.slice(response.indexOf('\r\n\r\n') + 4);
  const frames: string[] = [];
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!size) return frames;
    // Sizes count bytes; the body here is ASCII.
    frames.push(rest.slice(eol + 2, eol + 2 + size));
    rest = rest.slice(eol + 2 + size + 2);
  }
}

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({
    rules: [
      {
        raw: (res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(wholeStream(PIECES));
        },
      },
    ],
  });
});
afterAll(async () => h.close());

describe('a routed stream on the wire', () => {
  it('forwards the events that arrived together as one chunk of the body, all of them, in order', async () => {
    const raw = await exchange(
      h.port,
      '/v1/chat/completions',
      h.token,
      JSON.stringify({
        model: 'groq/llama-3.1-8b-instant',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(raw.startsWith('HTTP/1.1 200')).toBe(true);
    expect(raw.toLowerCase()).toContain('transfer-encoding: chunked');
    const frames = chunkedFrames(raw);
    const events = frames.join('').split('\n\n').filter(Boolean);
    // 11 events of the provider plus [DONE]: in a frame per read of the upstream body and one for
    // the end, never a frame per event (a client would parse twelve).
    expect(events).toHaveLength(12);
    expect(frames.length).toBeLessThanOrEqual(3);
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.slice('data: '.length)) as { choices: Array<{ delta: { content?: string } }> })
      .map((chunk) => chunk.choices[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe(PIECES.join(''));
    expect(events.at(-1)).toBe('data: [DONE]');
  });
});
