import type { ChatMessage, MessageMeta, ToolRef } from '../../../src-shared/lmc';
import { AppError, toErrorData } from '../errors';
import type { EventBus } from '../event-bus';
import { normalizeLanguage } from '../exec/exec-service';
import type { KernelLanguage } from '../exec/types';
import type { ProviderRouter, ServedBy } from '../router/router';
import type { Route } from '../router/targets';
import type { ChatRequest, ProviderMessage, Usage } from '../router/types';
import type { SessionStore } from '../sessions/session-store';
import { EXECUTE_ONLY, type OfferedTools } from '../tools/tool-registry';
import { FenceParser, type FenceEvent } from './fences';
import { EXECUTE_TOOL_NAME, type ProposalFormat } from './prompt';
import { ReplyExtras } from './reply-extras';
import { ThinkTagSplitter } from './think-tags';
import {
  parseExecuteArguments,
  partialStringField,
  ToolCallCollector,
  type CollectedCall,
} from './tool-calls';

/** A code block the model proposed, stored as a `code` message with status `pending`. */
export interface ProposedBlock {
  message: ChatMessage;
  /** The kernel to run it in; null when the model asked for something Switchboard cannot run. */
  language: KernelLanguage | null;
  /** Why it cannot run (unknown language or tool, unreadable arguments), told to the model. */
  problem?: string;
  /** Set when the model called an MCP server's tool (the message's content is its JSON arguments). */
  tool?: ToolRef;
}

export interface ReplyResult {
  /** The first runnable block, if the reply contained one (the stream is cut soon after it). */
  block: ProposedBlock | null;
  servedBy: ServedBy;
  /** Token usage, when the provider reported it before the stream ended or was cut. */
  usage: Usage | undefined;
}

export interface ReplyOptions {
  sessionId: string;
  messages: ProviderMessage[];
  /** Parse code (open_interpreter backend) or keep everything as prose (chat). */
  parseCode: boolean;
  /** `tools`: offer the `execute` tool and read tool calls (fenced blocks still count). */
  format: ProposalFormat;
  /** The tools offered in `tools` format (default: only `execute`). */
  tools?: OfferedTools;
  /** Sends the call to one provider (and model) instead of the settings' choice. */
  route?: Route;
  /** A cut-off prose reply whose text this reply continues: its first prose goes into that message. */
  extend?: ChatMessage;
  /** Added to the provider request (OpenAI names), e.g. from a local API caller. */
  params?: { temperature?: number; max_tokens?: number };
  signal: AbortSignal;
  onWait: (detail: string) => void;
  onStreaming: () => void;
}

/** Reply text read after the first block before the stream is cut (enough for the final usage chunk), in chars. */
const TRAILING_CHARS = 200;

/**
 * Streams one model reply into the session: prose becomes assistant `message`s, a runnable
 * fenced block or an `execute` tool call becomes an assistant `code` message; each is stored
 * when it completes and streamed as message.start / delta / end events (tool-call code streams
 * as its JSON arrives). After the first block only a little more is read — the final chunk
 * with the usage, usually — then the stream is cut, which also cancels the rest of the upstream
 * request: the model must see the block's output before going on.
 *
 * Throws the router's AppErrors; a reply cut mid-stream keeps its partial text with `meta.error`.
 */
export async function streamReply(
  router: ProviderRouter,
  store: SessionStore,
  events: EventBus,
  options: ReplyOptions,
): Promise<ReplyResult> {
  const tools = options.parseCode && options.format === 'tools';
  const request: ChatRequest = {
    ...options.params,
    messages: options.messages,
    // Most OpenAI-compatible providers report a stream's usage only when asked; asking costs nothing.
    stream_options: { include_usage: true },
    ...(tools ? { tools: [...(options.tools ?? EXECUTE_ONLY).definitions], tool_choice: 'auto' } : {}),
  };
  const routed = await router.stream(request, {
    signal: options.signal,
    onWait: options.onWait,
    ...(options.route ? { route: options.route } : {}),
  });
  options.onStreaming();
  const servedMeta: MessageMeta = { provider: routed.servedBy.providerLabel, model: routed.servedBy.model };
  const parser = new FenceParser((language) => options.parseCode && normalizeLanguage(language) !== null);
  const collector = new ToolCallCollector();

  let open: { message: ChatMessage; content: string; language?: KernelLanguage } | null = null;
  if (options.extend) {
    // The reply is going on again: it no longer shows as cut off while the rest streams in.
    const message = store.updateMessage(options.extend.id, { meta: { error: undefined } });
    events.emit({ type: 'message.end', sessionId: options.sessionId, message });
    open = { message, content: message.content };
  }
  let heldWhitespace = '';
  let block: ProposedBlock | null = null;
  let toolCall: { call: CollectedCall; message: ChatMessage | null; streamed: string } | null = null;
  let trailing = 0;
  const thinkTags = new ThinkTagSplitter();
  const extras = new ReplyExtras({
    onReasoning: (messageId, content) =>
      events.emit({ type: 'message.reasoning', sessionId: options.sessionId, messageId, content }),
    onSources: (messageId, sources) =>
      events.emit({ type: 'message.sources', sessionId: options.sessionId, messageId, sources }),
  });
  if (open) extras.started(open.message.id);

  /** Starts the reply's prose message to carry reasoning or sources that come before any text. */
  const openHost = (): string => {
    heldWhitespace = '';
    open = { message: start('message'), content: '' };
    return open.message.id;
  };
  const start = (type: 'message' | 'code', language?: string): ChatMessage => {
    const meta: MessageMeta = { ...servedMeta, ...(type === 'code' ? { status: 'pending' as const } : {}) };
    const message = store.addMessage({
      sessionId: options.sessionId,
      role: 'assistant',
      type,
      content: '',
      meta,
      ...(language ? { format: language } : {}),
    });
    events.emit({ type: 'message.start', sessionId: options.sessionId, message });
    extras.started(message.id);
    return message;
  };
  const append = (text: string): void => {
    if (!open || text === '') return;
    open.content += text;
    events.emit({
      type: 'message.delta',
      sessionId: options.sessionId,
      messageId: open.message.id,
      content: text,
    });
  };
  const finish = (meta: MessageMeta = {}): ChatMessage | null => {
    if (!open) return null;
    const content =
      open.message.type === 'code' ? open.content.replace(/\n$/, '') : open.content.replace(/\s+$/, '');
    const message = store.updateMessage(open.message.id, { content, meta });
    events.emit({ type: 'message.end', sessionId: options.sessionId, message });
    open = null;
    return message;
  };
  const apply = (event: FenceEvent): void => {
    switch (event.type) {
      case 'text': {
        // Outside a fence the open message is prose; one opened by reasoning has no text yet.
        if (open && open.content !== '') return append(event.text);
        const text = heldWhitespace + event.text;
        if (text.trim() === '') {
          heldWhitespace = text;
          return;
        }
        heldWhitespace = '';
        open ??= { message: start('message'), content: '' };
        append(text.replace(/^\s*\n/, ''));
        return;
      }
      case 'code_start': {
        finish();
        heldWhitespace = '';
        const language = normalizeLanguage(event.language) ?? undefined;
        open = { message: start('code', language), content: '', ...(language ? { language } : {}) };
        return;
      }
      case 'code':
        append(event.text);
        return;
      case 'code_end': {
        const language = (open as { language?: KernelLanguage } | null)?.language;
        const message = finish();
        if (message && language) block = { message, language };
        return;
      }
    }
  };
  /** Shows the first tool call's code as it streams. */
  const streamToolCode = (call: CollectedCall): void => {
    const code = partialStringField(call.arguments, 'code');
    if (code === null) return;
    if (!toolCall) {
      finish();
      heldWhitespace = '';
      const language = partialStringField(call.arguments, 'language');
      toolCall = {
        call,
        message: start(
          'code',
          language?.complete ? (normalizeLanguage(language.value) ?? language.value) : undefined,
        ),
        streamed: '',
      };
    }
    const state = toolCall;
    if (state.message === null || !code.value.startsWith(state.streamed) || code.value === state.streamed)
      return;
    const delta = code.value.slice(state.streamed.length);
    state.streamed = code.value;
    events.emit({
      type: 'message.delta',
      sessionId: options.sessionId,
      messageId: state.message.id,
      content: delta,
    });
  };
  /**
   * Turns the first tool call into the reply's block. A call that cannot run (another tool,
   * arguments that are not JSON with string `language` and `code`, an unknown language) still
   * becomes a block, with the problem the model is told as the call's result, so it can retry.
   */
  const finishToolCall = (): void => {
    const call = toolCall?.call ?? collector.calls[0];
    if (!call || block) return;
    const ref = toolCall ? null : options.tools?.find(call.name);
    if (ref) return finishOtherToolCall(call, ref);
    const args = parseExecuteArguments(call.arguments);
    const language = args ? normalizeLanguage(args.language) : null;
    const problem = toolCallProblem(call, args, language);
    finish();
    const message = toolCall?.message ?? start('code', language ?? (args?.language || undefined));
    const stored = store.updateMessage(message.id, {
      content: (args?.code ?? '').replace(/\n$/, ''),
      ...(language || args?.language ? { format: language ?? args?.language } : {}),
      meta: { tool_call_id: call.id },
    });
    events.emit({ type: 'message.end', sessionId: options.sessionId, message: stored });
    block = { message: stored, language, ...(problem ? { problem } : {}) };
  };

  /** A call of an MCP tool: stored as a `code` message (format `json`) with `meta.tool`. */
  const finishOtherToolCall = (call: CollectedCall, ref: ToolRef): void => {
    finish();
    heldWhitespace = '';
    let args = call.arguments;
    try {
      args = JSON.stringify(JSON.parse(call.arguments === '' ? '{}' : call.arguments), null, 2);
    } catch {
      // Kept as sent; running it reports the unreadable arguments to the model.
    }
    const message = store.addMessage({
      sessionId: options.sessionId,
      role: 'assistant',
      type: 'code',
      format: 'json',
      content: args,
      meta: { ...servedMeta, status: 'pending', tool_call_id: call.id, tool: ref },
    });
    events.emit({ type: 'message.start', sessionId: options.sessionId, message });
    events.emit({ type: 'message.end', sessionId: options.sessionId, message });
    block = { message, language: null, tool: ref };
  };

  try {
    for await (const chunk of routed.chunks) {
      const choice = chunk.choices?.[0];
      const delta = choice?.delta;
      const { reasoning: inline, text } = thinkTags.feed(
        typeof delta?.content === 'string' ? delta.content : '',
      );
      const fragments = tools && Array.isArray(delta?.tool_calls) ? delta.tool_calls : [];
      extras.feed(chunk, openHost, inline);
      if (block) {
        trailing += text.length + JSON.stringify(fragments).length - 2;
        if (trailing > TRAILING_CHARS) break;
        continue;
      }
      if (text !== '') {
        for (const event of parser.feed(text)) {
          apply(event);
          if (block) break;
        }
      }
      if (fragments.length > 0 && !block) {
        collector.feed(fragments);
        const first = collector.calls[0];
        if (first && !options.tools?.find(first.name)) streamToolCode(first);
        if (collector.calls.length > 1) finishToolCall();
      }
      if (choice?.finish_reason) finishToolCall();
    }
    if (!block) finishToolCall();
    const tail = thinkTags.end();
    if (tail.reasoning !== '') extras.feed(null, openHost, tail.reasoning);
    if (!block) for (const event of [...parser.feed(tail.text), ...parser.end()]) apply(event);
  } catch (error) {
    saveExtras({ error: toErrorData(error) });
    throw error;
  }
  const usage = routed.usage();
  saveExtras(
    usage
      ? { usage: { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens } }
      : {},
  );
  return { block, servedBy: routed.servedBy, usage };

  /** Finishes the open message with `meta`, and saves the reply's reasoning and sources on its first message. */
  function saveExtras(meta: MessageMeta): void {
    const extra = extras.meta();
    const host = extras.host;
    // A continued reply keeps the thinking of its first part before the new one.
    const earlier = options.extend?.id === host ? options.extend.meta.reasoning : undefined;
    if (earlier && extra.reasoning) extra.reasoning = earlier + extra.reasoning;
    const hostOpen = host !== null && (open as { message: ChatMessage } | null)?.message.id === host;
    finish(hostOpen ? { ...meta, ...extra } : meta);
    if (hostOpen || host === null || Object.keys(extra).length === 0) return;
    const stored = store.updateMessage(host, { meta: extra });
    events.emit({ type: 'message.end', sessionId: options.sessionId, message: stored });
  }
}

/** Why a tool call cannot run, in words for the model (undefined when it can). */
function toolCallProblem(
  call: CollectedCall,
  args: { language: string; code: string } | null,
  language: KernelLanguage | null,
): string | undefined {
  const retry = `Call ${EXECUTE_TOOL_NAME} again with JSON arguments {"language": "python" | "shell" | "javascript", "code": "<the code>"}.`;
  if (call.name !== EXECUTE_TOOL_NAME)
    return `There is no tool named "${call.name}". Use ${EXECUTE_TOOL_NAME}(language, code).`;
  if (!args) {
    const sent = call.arguments.length > 200 ? `${call.arguments.slice(0, 200)}…` : call.arguments;
    return `The ${EXECUTE_TOOL_NAME} call's arguments were not a JSON object with a string "code" field (received: ${sent || 'nothing'}). ${retry}`;
  }
  if (args.language.trim() === '') return `The ${EXECUTE_TOOL_NAME} call gave no "language". ${retry}`;
  if (!language) return `Switchboard cannot run "${args.language}" code. Use python, shell or javascript.`;
  return undefined;
}

/** An AppError for an aborted turn. */
export const cancelled = (): AppError => new AppError('cancelled', 'Stopped.');
