import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicFrames, anthropicJson, chatCompletionFrames, chatCompletionJson, type ReplyFormat, type ScriptedToolCall } from './upstream-formats';

/** A request the upstream received, for tests to assert on. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (chat requests); null for GETs. */
  body: {
    model?: string;
    stream?: boolean;
    messages?: Array<{ role: string; content: string | null }>;
    [field: string]: unknown;
  } | null;
}

/** One rule of the script; the first rule that matches a chat request answers it. */
export interface ScriptRule {
  /** Matched against the last message's content: substring (case-insensitive), RegExp, or predicate. Omitted = always. */
  match?: string | RegExp | ((request: RecordedRequest) => boolean);
  /** Text of the assistant reply, or a function of the request. */
  reply?: string | ((request: RecordedRequest) => string);
  /** Answer with this HTTP error instead (status, JSON body, headers). */
  error?: { status: number; body: unknown; headers?: Record<string, string> };
  /** Write the whole response yourself (fault injection: stalls, cuts, comments). */
  raw?: (response: ServerResponse, request: RecordedRequest) => void;
  /** Answer this many requests, then stop matching. */
  times?: number;
  /** Characters per streamed chunk (default 8). */
  chunkChars?: number;
  /** Pause between streamed chunks, in ms (default 0). */
  chunkDelayMs?: number;
  /** Dialect of `/chat/completions` answers (default `groq`); `/messages` always answers in Anthropic's. */
  format?: ReplyFormat;
  /** Tool calls the reply makes (streamed as the format does it). */
  toolCalls?: ScriptedToolCall[];
}

/** The answer to a `GET …/models` (status, JSON body, headers), or null for the default list. */
export type ModelsHandler = (request: RecordedRequest) => { status: number; body: unknown; headers?: Record<string, string> } | null;

export interface ScriptedUpstream {
  /** Base URL of the OpenAI-compatible API, Groq-style: `http://127.0.0.1:<port>/openai/v1`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Chat-completion requests only. */
  chatRequests(): RecordedRequest[];
  setRules(rules: ScriptRule[]): void;
  /** Scripts `GET …/models` (key checks, model lists); null restores the default list. */
  setModels(handler: ModelsHandler | null): void;
  /** Chat responses whose client went away before the response was complete (cancelled requests). */
  abandonedResponses(): number;
  /** TCP connections accepted so far (kept-alive connections are reused across requests). */
  connectionsAccepted(): number;
  close(): Promise<void>;
}

/**
 * A scripted OpenAI-compatible upstream on 127.0.0.1 (a free port): real HTTP and SSE in Groq's
 * chunk format — `chat.completion.chunk` events with `x_groq.id`, `x_groq.usage` on the final
 * chunk, then `data: [DONE]` — driven by rules, recording every request. A rule's `format`
 * switches to OpenAI's, OpenRouter's or Gemini's dialect (upstream-formats.ts); `POST
 * …/messages` answers as Anthropic's Messages API. Also answers non-streamed completions and
 * `GET /models`.
 */
export async function startScriptedUpstream(options: { rules?: ScriptRule[]; port?: number } = {}): Promise<ScriptedUpstream> {
  let rules = (options.rules ?? []).map((rule) => ({ rule, used: 0 }));
  let models: ModelsHandler | null = null;
  const requests: RecordedRequest[] = [];
  let abandoned = 0;

  const server = createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) abandoned += 1;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: RecordedRequest['body'] = null;
      if (text) {
        try {
          body = JSON.parse(text) as RecordedRequest['body'];
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(groqError('invalid JSON body', 'invalid_request_error'));
          return;
        }
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      requests.push(recorded);
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method === 'GET' && path.endsWith('/models')) {
        const scripted = models?.(recorded);
        if (scripted) {
          res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(JSON.stringify(scripted.body));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'llama-3.1-8b-instant', object: 'model', owned_by: 'Meta' }] }));
        return;
      }
      if (req.method !== 'POST' || !(path.endsWith('/chat/completions') || path.endsWith('/messages'))) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(groqError(`Unknown request URL: ${req.method} ${path}`, 'invalid_request_error', 'unknown_url'));
        return;
      }
      const entry = rules.find(({ rule, used }) => (rule.times === undefined || used < rule.times) && matches(rule, recorded));
      if (!entry) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(groqError('scripted upstream: no rule matched', 'internal_server_error'));
        return;
      }
      entry.used += 1;
      answer(entry.rule, recorded, res);
    });
  });
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/openai/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && /\/(chat\/completions|messages)(\?|$)/.test(r.path)),
    setRules(next) {
      rules = next.map((rule) => ({ rule, used: 0 }));
    },
    setModels(handler) {
      models = handler;
    },
    abandonedResponses: () => abandoned,
    connectionsAccepted: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The last message's role (`tool` after a tool result). */
export function lastMessageRole(request: RecordedRequest): string | undefined {
  return request.body?.messages?.at(-1)?.role;
}

/** The last message's text, as rules see it (text parts, Anthropic blocks and tool results joined). */
export function lastMessageText(request: RecordedRequest): string {
  const messages = request.body?.messages ?? [];
  return textOf(messages[messages.length - 1]?.content);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: string; text?: unknown; content?: unknown }) => (part?.type === 'text' ? String(part.text ?? '') : part?.type === 'tool_result' ? textOf(part.content) : ''))
    .join('');
}

function matches(rule: ScriptRule, request: RecordedRequest): boolean {
  if (rule.match === undefined) return true;
  if (typeof rule.match === 'function') return rule.match(request);
  const last = lastMessageText(request);
  if (typeof rule.match === 'string') return last.toLowerCase().includes(rule.match.toLowerCase());
  return rule.match.test(last);
}

function groqError(message: string, type: string, code?: string): string {
  return JSON.stringify({ error: { message, type, ...(code ? { code } : {}) } });
}

function answer(rule: ScriptRule, request: RecordedRequest, res: ServerResponse): void {
  if (rule.raw) return rule.raw(res, request);
  if (rule.error) {
    res.writeHead(rule.error.status, { 'content-type': 'application/json', ...rule.error.headers });
    res.end(typeof rule.error.body === 'string' ? rule.error.body : JSON.stringify(rule.error.body));
    return;
  }
  const text = typeof rule.reply === 'function' ? rule.reply(request) : (rule.reply ?? '');
  const anthropic = request.path.split('?')[0]?.endsWith('/messages') ?? false;
  const spec = {
    text,
    toolCalls: rule.toolCalls ?? [],
    model: request.body?.model ?? 'llama-3.1-8b-instant',
    chunkChars: Math.max(1, rule.chunkChars ?? 8),
    promptTokens: Math.ceil(JSON.stringify(request.body?.messages ?? []).length / 4),
    includeUsage: (request.body?.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true,
  };
  const format = rule.format ?? 'groq';

  if (!request.body?.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(anthropic ? anthropicJson(spec) : chatCompletionJson(format, spec)));
    return;
  }

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const events = anthropic ? anthropicFrames(spec) : chatCompletionFrames(format, spec);
  const delay = rule.chunkDelayMs ?? 0;
  let index = 0;
  const writeNext = () => {
    if (res.destroyed) return;
    if (index >= events.length) {
      res.end();
      return;
    }
    res.write(events[index++] as string);
    if (delay > 0) setTimeout(writeNext, delay);
    else setImmediate(writeNext);
  };
  writeNext();
}
