import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** An image a tool returned, as an LMC `image` message carries it (`base64.png`, `base64.jpeg`, …). */
export interface ToolImage {
  format: string;
  data: string;
}

/** A tool's result as Switchboard shows and reports it. */
export interface ToolOutcome {
  /** Text parts, embedded text resources and resource links, in order, as one text. */
  text: string;
  images: ToolImage[];
  /** The server said the call failed (`isError`). */
  isError: boolean;
}

const IMAGE_FORMATS: Record<string, string> = {
  'image/png': 'base64.png',
  'image/jpeg': 'base64.jpeg',
  'image/jpg': 'base64.jpeg',
  'image/gif': 'base64.gif',
  'image/webp': 'base64.webp',
};

/**
 * Reads a `tools/call` result (MCP spec 2025-06-18, "Tool Result"): `text` parts are kept as
 * written; `image` parts become images (PNG, JPEG, GIF, WebP; other types are named in the
 * text); an embedded `resource` contributes its text (or names its binary blob); a
 * `resource_link` its URI and name; `audio` is named. With no content but `structuredContent`,
 * that JSON is the text.
 */
export function readToolResult(result: CallToolResult): ToolOutcome {
  const parts: string[] = [];
  const images: ToolImage[] = [];
  for (const item of result.content ?? []) {
    switch (item.type) {
      case 'text':
        parts.push(item.text);
        break;
      case 'image': {
        const format = IMAGE_FORMATS[item.mimeType.toLowerCase()];
        if (format) images.push({ format, data: item.data });
        else parts.push(`[an image of type ${item.mimeType}, which Switchboard cannot show]`);
        break;
      }
      case 'audio':
        parts.push(`[audio of type ${item.mimeType}]`);
        break;
      case 'resource': {
        const resource = item.resource;
        if ('text' in resource && typeof resource.text === 'string')
          parts.push(`[resource ${resource.uri}]\n${resource.text}`);
        else
          parts.push(
            `[resource ${resource.uri}: binary${resource.mimeType ? ` ${resource.mimeType}` : ''} data]`,
          );
        break;
      }
      case 'resource_link':
        parts.push(
          `[resource link ${item.uri}${item.name ? ` "${item.name}"` : ''}${item.description ? `: ${item.description}` : ''}]`,
        );
        break;
    }
  }
  if (parts.length === 0 && images.length === 0 && result.structuredContent !== undefined)
    parts.push(JSON.stringify(result.structuredContent, null, 2));
  return { text: parts.join('\n'), images, isError: result.isError === true };
}
