import type { ChatMessage, MessageMeta } from '../../../src-shared/lmc';
import { AppError, toErrorData } from '../errors';
import type { EventBus } from '../event-bus';
import { normalizeLanguage } from '../exec/exec-service';
import type { KernelLanguage } from '../exec/types';
import type { ProviderRouter, ServedBy } from '../router/router';
import type { Route } from '../router/targets';
import type { ProviderMessage } from '../router/types';
import type { SessionStore } from '../sessions/session-store';
import { FenceParser, type FenceEvent } from './fences';

/** A code block the model proposed, stored as a `code` message with status `pending`. */
export interface ProposedBlock {
  message: ChatMessage;
  language: KernelLanguage;
}

export interface ReplyResult {
  /** The first runnable block, if the reply contained one (the stream is cut right after it). */
  block: ProposedBlock | null;
  servedBy: ServedBy;
}

export interface ReplyOptions {
  sessionId: string;
  messages: ProviderMessage[];
  /** Parse fenced code blocks (open_interpreter backend) or keep everything as prose (chat). */
  parseCode: boolean;
  /** Sends the call to one provider (and model) instead of the settings' choice. */
  route?: Route;
  /** Added to the provider request (OpenAI names), e.g. from a local API caller. */
  params?: { temperature?: number; max_tokens?: number };
  signal: AbortSignal;
  onWait: (detail: string) => void;
  onStreaming: () => void;
}

/**
 * Streams one model reply into the session: prose becomes assistant `message`s, a runnable
 * fenced block becomes an assistant `code` message; each is stored when it completes and
 * streamed as message.start / delta / end events. Reading stops at the end of the first
 * runnable block (the model must see its output before going on), which also cancels the rest
 * of the upstream request.
 *
 * Throws the router's AppErrors; a reply cut mid-stream keeps its partial text with `meta.error`.
 */
export async function streamReply(router: ProviderRouter, store: SessionStore, events: EventBus, options: ReplyOptions): Promise<ReplyResult> {
  const routed = await router.stream({ ...options.params, messages: options.messages }, { signal: options.signal, onWait: options.onWait, ...(options.route ? { route: options.route } : {}) });
  options.onStreaming();
  const servedMeta: MessageMeta = { provider: routed.servedBy.providerLabel, model: routed.servedBy.model };
  const parser = new FenceParser((language) => options.parseCode && normalizeLanguage(language) !== null);

  let open: { message: ChatMessage; content: string; language?: KernelLanguage } | null = null;
  let heldWhitespace = '';
  let block: ProposedBlock | null = null;

  const start = (type: 'message' | 'code', language?: KernelLanguage): void => {
    const message = store.addMessage({ sessionId: options.sessionId, role: 'assistant', type, content: '', meta: { ...servedMeta, ...(type === 'code' ? { status: 'pending' as const } : {}) }, ...(language ? { format: language } : {}) });
    open = { message, content: '', ...(language ? { language } : {}) };
    events.emit({ type: 'message.start', sessionId: options.sessionId, message });
  };
  const append = (text: string): void => {
    if (!open || text === '') return;
    open.content += text;
    events.emit({ type: 'message.delta', sessionId: options.sessionId, messageId: open.message.id, content: text });
  };
  const finish = (meta: MessageMeta = {}): ChatMessage | null => {
    if (!open) return null;
    const content = open.message.type === 'code' ? open.content.replace(/\n$/, '') : open.content.replace(/\s+$/, '');
    const message = store.updateMessage(open.message.id, { content, meta });
    events.emit({ type: 'message.end', sessionId: options.sessionId, message });
    open = null;
    return message;
  };
  const apply = (event: FenceEvent): void => {
    switch (event.type) {
      case 'text': {
        if (!open) {
          const text = heldWhitespace + event.text;
          if (text.trim() === '') {
            heldWhitespace = text;
            return;
          }
          heldWhitespace = '';
          start('message');
          append(text.replace(/^\s*\n/, ''));
        } else append(event.text);
        return;
      }
      case 'code_start':
        finish();
        heldWhitespace = '';
        start('code', normalizeLanguage(event.language) ?? undefined);
        return;
      case 'code':
        append(event.text);
        return;
      case 'code_end': {
        const current = open as { language?: KernelLanguage } | null;
        const language = current?.language;
        const message = finish();
        if (message && language) block = { message, language };
        return;
      }
    }
  };

  try {
    for await (const chunk of routed.chunks) {
      const delta = chunk.choices?.[0]?.delta?.content;
      if (typeof delta !== 'string' || delta === '') continue;
      for (const event of parser.feed(delta)) {
        apply(event);
        if (block) break;
      }
      if (block) break;
    }
    if (!block) for (const event of parser.end()) apply(event);
  } catch (error) {
    finish({ error: toErrorData(error) });
    throw error;
  }
  const usage = routed.usage();
  finish(usage ? { usage: { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens } } : {});
  return { block, servedBy: routed.servedBy };
}

/** An AppError for an aborted turn. */
export const cancelled = (): AppError => new AppError('cancelled', 'Stopped.');
