import type { ChatMessage } from '../../../src-shared/lmc';
import { tailForModel } from '../exec/output';

/** What the model is told when the person skipped a tool call. */
export const TOOL_DECLINED_MESSAGE = 'I have declined this tool call, so the tool was not called.';

/** A tool call's arguments as first proposed, compact (what the model sent). */
export function proposedArguments(call: ChatMessage): string {
  const text = call.meta.original_code ?? call.content;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** A tool call in words, for requests that carry no native tool calls (fenced-block mode). */
export function describeToolCall(call: ChatMessage): string {
  return `I call the tool ${call.meta.tool?.name ?? 'unknown'} with these arguments:\n\n\`\`\`json\n${proposedArguments(call)}\n\`\`\``;
}

/**
 * What the model is told about a tool call's result (`result`: the console message, format
 * `tool_result`): the result text cut to its last `maxOutput` characters (the same cap as code
 * output), whether the server reported an error, the arguments the person edited the call into,
 * and how many images the user was shown.
 */
export function describeToolResult(
  result: ChatMessage,
  call: ChatMessage | null,
  maxOutput: number,
  images: number,
): string {
  const parts: string[] = [];
  if (call && call.meta.original_code !== undefined && call.meta.original_code !== call.content)
    parts.push(
      `I edited the arguments before the call. These were sent:\n\n\`\`\`json\n${call.content}\n\`\`\``,
    );
  const body = tailForModel(result.content, maxOutput).replace(/\n+$/, '');
  switch (result.meta.outcome) {
    case 'not_started':
      parts.push(`The tool call failed: ${body}`);
      break;
    case 'timed_out':
      parts.push(`The tool call did not finish in time: ${body}`);
      break;
    case 'stopped':
      parts.push('The user stopped the tool call before it finished.');
      break;
    default:
      parts.push(
        result.meta.tool_error
          ? `The tool reported an error:\n\n${body || '(no message)'}`
          : `The tool returned:\n\n${body || '(no text)'}`,
      );
  }
  if (images > 0)
    parts.push(
      images === 1
        ? 'It also returned an image, which is shown to the user.'
        : `It also returned ${images} images, which are shown to the user.`,
    );
  return parts.join('\n\n');
}
