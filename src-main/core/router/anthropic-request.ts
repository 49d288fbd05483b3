import type { ChatRequest, ProviderMessage, ToolCallDelta } from './types';

/** `max_tokens` is required by the Messages API; used when the caller sets none (tokens). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

type Block = Record<string, unknown>;
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | Block[];
}

/**
 * Translates an OpenAI chat-completions request into an Anthropic Messages API request
 * (docs.anthropic.com, "Messages"): system messages → `system`; assistant `tool_calls` →
 * `tool_use` blocks; `tool` messages → `tool_result` blocks in a user turn; consecutive turns
 * of one role merged; text and image parts (data: URLs → base64 sources); `tools` →
 * `{name, description, input_schema}`; `tool_choice` auto/required/none/{function} →
 * auto/any/none/tool; `parallel_tool_calls: false` → `disable_parallel_tool_use`; `stop` →
 * `stop_sequences`; `max_tokens` / `max_completion_tokens` (default 8192); `temperature`
 * capped at 1 (Anthropic's range is 0–1); `user` → `metadata.user_id`.
 */
export function toAnthropicRequest(
  body: ChatRequest,
  model: string,
  stream: boolean,
): Record<string, unknown> {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  for (const message of body.messages) {
    const role = message.role as string;
    if (role === 'system' || role === 'developer') {
      const text = textOf(message.content);
      if (text) system.push(text);
      continue;
    }
    const turn = toTurn(message);
    if (turn) pushMerged(messages, turn);
  }
  const out: Record<string, unknown> = {
    model,
    messages,
    max_tokens: numberOr(body.max_tokens, numberOr(body.max_completion_tokens, ANTHROPIC_DEFAULT_MAX_TOKENS)),
    stream,
  };
  if (system.length > 0) out.system = system.join('\n\n');
  if (typeof body.temperature === 'number') out.temperature = Math.min(1, Math.max(0, body.temperature));
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  if (typeof body.stop === 'string') out.stop_sequences = [body.stop];
  else if (Array.isArray(body.stop))
    out.stop_sequences = body.stop.filter((s): s is string => typeof s === 'string');
  if (typeof body.user === 'string') out.metadata = { user_id: body.user };
  if (Array.isArray(body.tools)) out.tools = body.tools.map(toTool).filter((t): t is Block => t !== null);
  const choice = toToolChoice(body.tool_choice);
  if (body.parallel_tool_calls === false) {
    out.tool_choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true };
  } else if (choice) out.tool_choice = choice;
  return out;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/** The text of OpenAI content: a string, or the text parts joined. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) =>
      typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'text'
        ? String((part as { text?: unknown }).text ?? '')
        : '',
    )
    .join('');
}

function toTurn(message: ProviderMessage): AnthropicMessage | null {
  if (message.role === 'tool') {
    const block: Block = {
      type: 'tool_result',
      tool_use_id: String(message.tool_call_id ?? ''),
      content: textOf(message.content),
    };
    return { role: 'user', content: [block] };
  }
  if (message.role === 'assistant') {
    const blocks: Block[] = [];
    const text = textOf(message.content);
    if (text !== '') blocks.push({ type: 'text', text });
    const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as ToolCallDelta[]) : [];
    for (const call of calls) {
      blocks.push({
        type: 'tool_use',
        id: call.id ?? '',
        name: call.function?.name ?? '',
        input: parseArguments(call.function?.arguments),
      });
    }
    return blocks.length > 0 ? { role: 'assistant', content: blocks } : null;
  }
  if (typeof message.content === 'string') return { role: 'user', content: message.content };
  const parts: unknown = message.content;
  const blocks = (Array.isArray(parts) ? parts : []).map(toUserBlock).filter((b): b is Block => b !== null);
  return blocks.length > 0 ? { role: 'user', content: blocks } : null;
}

function toUserBlock(part: unknown): Block | null {
  if (typeof part !== 'object' || part === null) return null;
  const p = part as { type?: unknown; text?: unknown; image_url?: unknown };
  if (p.type === 'text') return { type: 'text', text: String(p.text ?? '') };
  if (p.type === 'image_url') {
    const url =
      typeof p.image_url === 'string'
        ? p.image_url
        : String((p.image_url as { url?: unknown } | null)?.url ?? '');
    const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
    if (data) return { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } };
    return { type: 'image', source: { type: 'url', url } };
  }
  return null;
}

function parseArguments(text: string | undefined): unknown {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value : { value };
  } catch {
    return {};
  }
}

/** Adjacent turns of one role become one turn (tool results follow a user message, etc.). */
function pushMerged(messages: AnthropicMessage[], turn: AnthropicMessage): void {
  const last = messages[messages.length - 1];
  if (!last || last.role !== turn.role) {
    messages.push(turn);
    return;
  }
  const blocks = (content: string | Block[]): Block[] =>
    typeof content === 'string' ? (content === '' ? [] : [{ type: 'text', text: content }]) : content;
  last.content = [...blocks(last.content), ...blocks(turn.content)];
}

function toTool(tool: unknown): Block | null {
  const fn = (tool as { function?: { name?: unknown; description?: unknown; parameters?: unknown } } | null)
    ?.function;
  if (!fn || typeof fn.name !== 'string') return null;
  const out: Block = {
    name: fn.name,
    input_schema:
      typeof fn.parameters === 'object' && fn.parameters !== null
        ? fn.parameters
        : { type: 'object', properties: {} },
  };
  if (typeof fn.description === 'string') out.description = fn.description;
  return out;
}

function toToolChoice(choice: unknown): Block | null {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  const name = (choice as { function?: { name?: unknown } } | null)?.function?.name;
  return typeof name === 'string' ? { type: 'tool', name } : null;
}
