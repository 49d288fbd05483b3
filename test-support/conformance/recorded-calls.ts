import type { ChatRequest } from '../../src-main/core/router/types';
import { KEYS, drain, type useRouterHarness } from '../router-harness';
import { bodyOf, recorded, replay } from '../replay';
import { assemble } from './assemble';
import { registrySettings, type Kind } from './registry';

type Json = Record<string, unknown>;
const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };

/** The JSON chunks of a recorded OpenAI-style stream, as the provider sent them (comments and `[DONE]` left out). */
export const sentChunks = (name: string): Json[] =>
  bodyOf(recorded(name))
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as Json);

/**
 * Routing one recording through a one-key registry entry (key a1 of provider `a`) of the
 * harness `h`: streamed (cut into `split`-byte pieces when given; what the caller drains and
 * assembles, and the usage the router read) or not (the routed completion).
 */
export function recordedCalls(h: ReturnType<typeof useRouterHarness>) {
  async function streamOf(
    name: string,
    options: { kind?: Kind; split?: number; request?: ChatRequest } = {},
  ) {
    h.settings = registrySettings(h.settings, h.upstream.url, {
      onlyA: true,
      keysA: [KEYS.a1],
      ...(options.kind ? { kind: options.kind } : {}),
    });
    h.upstream.setRules([replay(recorded(name), options.split ? { split: options.split } : {})]);
    const routed = await h.router().stream(options.request ?? ask);
    const drained = await drain(routed.chunks);
    return { ...drained, ...assemble(drained.chunks), usage: routed.usage() };
  }

  async function completionOf(name: string) {
    h.settings = registrySettings(h.settings, h.upstream.url, { onlyA: true, keysA: [KEYS.a1] });
    h.upstream.setRules([replay(recorded(name))]);
    return h.router().chat(ask);
  }

  return { streamOf, completionOf };
}
