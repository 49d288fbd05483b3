import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import type { Fault } from './faults';

/**
 * One recorded provider response (test-support/recorded/<provider>/<name>.json): the status,
 * the headers and the body as the pieces it was written in. `source` says where the bytes come
 * from (a repository and path at a commit, an issue, or a documentation page).
 */
export interface Recorded {
  source: string;
  status: number;
  headers: Record<string, string>;
  /** The body, one string per write (an SSE event, or the whole JSON body). */
  chunks: string[];
}

const ROOT = fileURLToPath(new URL('./recorded', import.meta.url));

/** Reads `recorded/<name>.json`, e.g. `groq/429-tokens-per-minute`. Throws when the file is missing or has no source. */
export function recorded(name: string): Recorded {
  const value = JSON.parse(readFileSync(join(ROOT, `${name}.json`), 'utf8')) as Recorded;
  if (!value.source) throw new Error(`recorded/${name}.json names no source`);
  return value;
}

/** The whole body of a recording, as one string. */
export const bodyOf = (value: Recorded): string => value.chunks.join('');

/** Headers that describe the original connection, not the response: Node sets its own. */
const HOP_BY_HOP = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'content-encoding',
]);

/**
 * A scripted-upstream rule part that replays a recording over real HTTP: its status, its
 * headers (with `overrides` applied; hop-by-hop headers left to Node) and its body, each piece
 * in its own write on its own event-loop turn so the chunk boundaries reach the client as
 * recorded. `split` re-cuts the body into pieces of that many bytes instead (events then break
 * anywhere, even inside a UTF-8 character).
 */
export function replay(
  value: Recorded,
  options: { overrides?: Record<string, string>; split?: number } = {},
): Fault {
  return {
    raw: (res: ServerResponse) => {
      const headers: Record<string, string> = {};
      for (const [name, text] of Object.entries({ ...value.headers, ...options.overrides }))
        if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = text;
      res.writeHead(value.status, headers);
      const pieces: Uint8Array[] = [];
      if (options.split) {
        const bytes = Buffer.from(bodyOf(value), 'utf8');
        for (let i = 0; i < bytes.length; i += options.split)
          pieces.push(bytes.subarray(i, i + options.split));
      } else for (const chunk of value.chunks) pieces.push(Buffer.from(chunk, 'utf8'));
      let index = 0;
      const next = (): void => {
        if (res.destroyed) return;
        if (index >= pieces.length) {
          res.end();
          return;
        }
        res.write(pieces[index++] as Uint8Array);
        setImmediate(next);
      };
      next();
    },
  };
}
