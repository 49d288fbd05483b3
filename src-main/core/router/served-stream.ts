import type { CallLogEntry } from '../../../src-shared/router';
import { AppError, isAbortError } from '../errors';
import { seconds } from './policy';
import { redactSecrets } from '../secrets/redact';
import { ProviderFailure, ROUTER_ONLY, type ChatChunk, type Target, type Usage } from './types';

/** Who answered a routed call. */
export interface ServedBy {
  providerId: string;
  providerLabel: string;
  model: string;
  keyFingerprint: string;
}

/** A routed streaming call whose first content chunk has arrived. */
export interface RoutedStream {
  servedBy: ServedBy;
  /** Every attempt of the call, in order; the last one served it (its latency and tokens are filled in when the stream ends). */
  attempts: CallLogEntry[];
  /**
   * The provider's chunks in OpenAI's `chat.completion.chunk` shape. If the stream breaks,
   * stalls (`llm_timeout_seconds`) or ends without `[DONE]`/`finish_reason`, it throws AppError
   * `stream_interrupted` after the chunks that did arrive — never a clean end. Read it to the
   * end or call `return()`: that closes the upstream request and writes the call log.
   */
  chunks: AsyncGenerator<ChatChunk>;
  /**
   * The same chunks in batches (those that arrived together, never an empty batch), for a
   * caller that forwards them: one step per read of the provider's body instead of one per
   * chunk. Read either `chunks` or `batches`, not both.
   */
  batches: AsyncGenerator<ChatChunk[]>;
  /** Usage from the stream (`usage` or Groq's `x_groq.usage`), once it has arrived. */
  usage(): Usage | undefined;
}

/** What the router does when a served stream ends. */
export interface StreamEnd {
  /** Called once with the final entry (latency, tokens, failure if the stream broke). */
  finish(entry: CallLogEntry, failure: ProviderFailure | null): void;
  /** Monotonic ms (performance.now). */
  now(): number;
}

/** True for the first chunk worth showing: content, a tool call, a finish, usage — not a bare role or an empty delta. */
export function isContentChunk(chunk: ChatChunk): boolean {
  if (chunk[ROUTER_ONLY]) return false;
  if (chunk.usage) return true;
  const choices = chunk.choices;
  if (!choices) return false;
  for (const choice of choices) {
    if (choice.finish_reason) return true;
    const delta = choice.delta;
    if (!delta) continue;
    for (const key in delta) {
      if (key === 'role') continue;
      const value = delta[key];
      if (
        value !== null &&
        value !== undefined &&
        value !== '' &&
        !(Array.isArray(value) && value.length === 0)
      )
        return true;
    }
  }
  return false;
}

/**
 * Wraps a served stream: replays the chunks held back while the router waited for real
 * content, then passes the rest through, noting usage (chunks marked ROUTER_ONLY are noted,
 * never passed on). A failure after that point becomes
 * AppError `stream_interrupted` (failover is over: the caller has seen output). When the
 * stream ends — completely, broken, stopped, or closed early — the attempt's entry gets its
 * latency and tokens and `end.finish` records it.
 */
export function servedStream(
  target: Target,
  entry: CallLogEntry,
  attempts: CallLogEntry[],
  held: ChatChunk[],
  rest: AsyncGenerator<ChatChunk[]> | null,
  started: number,
  end: StreamEnd,
): RoutedStream {
  let usage: Usage | undefined;
  const note = (chunk: ChatChunk): void => {
    const reported = chunk.usage ?? chunk.x_groq?.usage;
    if (reported) usage = reported;
  };
  /** The batch as the caller sees it: usage noted, chunks marked ROUTER_ONLY left out. */
  const shown = (batch: ChatChunk[]): ChatChunk[] => {
    let hidden = false;
    for (const chunk of batch) {
      note(chunk);
      if (chunk[ROUTER_ONLY]) hidden = true;
    }
    return hidden ? batch.filter((chunk) => !chunk[ROUTER_ONLY]) : batch;
  };
  const first = shown(held);

  async function* batches(): AsyncGenerator<ChatChunk[]> {
    let completed = false;
    let failure = null as ProviderFailure | null;
    let cancelled = false as boolean;
    try {
      if (first.length > 0) yield first;
      if (rest) {
        for (;;) {
          let next: IteratorResult<ChatChunk[]>;
          try {
            next = await rest.next();
          } catch (error) {
            if (error instanceof ProviderFailure) {
              // An error event mid-stream may echo the key in any shape: masked by value too.
              error.message = redactSecrets(error.message, [target.apiKey]);
              failure = error;
              const who = `${target.providerLabel} (key ${target.keyFingerprint})`;
              throw new AppError('stream_interrupted', `${who}: stream interrupted — ${error.message}`);
            }
            if (isAbortError(error)) cancelled = true;
            throw error;
          }
          if (next.done) break;
          const batch = shown(next.value);
          if (batch.length > 0) yield batch;
        }
      }
      completed = true;
    } finally {
      if (!completed && rest) await rest.return(undefined).catch(() => undefined);
      entry.latencyMs = Math.round(end.now() - started);
      if (usage) {
        entry.tokensIn = usage.prompt_tokens ?? null;
        entry.tokensOut = usage.completion_tokens ?? null;
      }
      if (failure) {
        entry.failure = 'stream_interrupted';
        entry.message = `cut off after ${entry.latencyMs < 1000 ? `${entry.latencyMs} ms` : seconds(entry.latencyMs)}: ${failure.message}`;
      } else if (cancelled) {
        entry.failure = 'cancelled';
        entry.message = 'stopped by the caller';
      } else if (!completed) {
        entry.message = 'the caller stopped reading before the end';
      }
      end.finish(entry, failure);
    }
  }

  const all = batches();
  return {
    servedBy: {
      providerId: target.providerId,
      providerLabel: target.providerLabel,
      model: target.model,
      keyFingerprint: target.keyFingerprint,
    },
    attempts,
    batches: all,
    chunks: oneByOne(all),
    usage: () => usage,
  };
}

/** The chunks of `batches`, one at a time (leaving early closes `batches` too). */
async function* oneByOne(batches: AsyncGenerator<ChatChunk[]>): AsyncGenerator<ChatChunk> {
  for await (const batch of batches) for (const chunk of batch) yield chunk;
}
