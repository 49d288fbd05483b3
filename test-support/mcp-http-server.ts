import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export interface McpHttpServer {
  url: string;
  /** Sessions the server opened (one per `initialize`). */
  sessions(): number;
  /** Ends every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * A Streamable HTTP MCP server built from the SDK's own server classes on 127.0.0.1, with one
 * session per client (`Mcp-Session-Id`) and a `shout` tool that upper-cases its `text`. Requests
 * without `Authorization: Bearer <token>` get 401 when `token` is given.
 */
export async function startMcpHttpServer(port: number, token?: string): Promise<McpHttpServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const http: Server = createServer((req, res) => {
    void (async () => {
      if (token && req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      }
      let body: unknown;
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      }
      const sessionId = req.headers['mcp-session-id'];
      let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
      if (!transport) {
        if (!isInitializeRequest(body)) {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"no session"}');
          return;
        }
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          onsessioninitialized: (id) => void transports.set(id, created),
        });
        const server = new McpServer({ name: 'test-http', version: '1.0.0' });
        server.registerTool(
          'shout',
          { description: 'Upper-cases text', inputSchema: { text: z.string() } },
          ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }),
        );
        await server.connect(created);
        transport = created;
      }
      await transport.handleRequest(req, res, body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    sessions: () => transports.size,
    close: async () => {
      for (const transport of transports.values()) await transport.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
