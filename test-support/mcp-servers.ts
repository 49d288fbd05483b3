import { join } from 'node:path';

/** An `mcpServers` entry for a stdio server. */
export interface StdioEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

const packageEntry = (name: string): string =>
  join(process.cwd(), 'node_modules/@modelcontextprotocol', name, 'dist/index.js');

/** `@modelcontextprotocol/server-everything` over stdio, run from node_modules with this Node. */
export function everythingServer(env?: Record<string, string>): StdioEntry {
  return {
    command: process.execPath,
    args: [packageEntry('server-everything'), 'stdio'],
    ...(env ? { env } : {}),
  };
}

/** `@modelcontextprotocol/server-filesystem` limited to `folder`, run from node_modules with this Node. */
export function filesystemServer(folder: string): StdioEntry {
  return { command: process.execPath, args: [packageEntry('server-filesystem'), folder] };
}

/** A process that reads its stdin and never answers `initialize`. */
export function stubbornServer(): StdioEntry {
  return { command: process.execPath, args: ['-e', 'process.stdin.resume(); setInterval(() => {}, 60000);'] };
}
