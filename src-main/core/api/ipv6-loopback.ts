import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

/** A second listening socket of the API (on ::1); `close` ends its connections too. */
export interface ExtraListener {
  close(): Promise<void>;
}

/**
 * Also serves the API on `[::1]:port` (the same Fastify handler, so the same guard, routes and
 * logs) when it is bound to 127.0.0.1: `localhost` resolves to ::1 first on many systems, and
 * `[::1]:PORT` is in the Host allow-list. A machine without an IPv6 loopback gets one log line
 * and the API stays on 127.0.0.1 alone. Resolves null when ::1 could not be bound.
 */
export async function listenOnIpv6Loopback(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  port: number,
  onClientError: (error: NodeJS.ErrnoException, socket: Socket) => void,
  logger: Pick<Logger, 'info'>,
): Promise<ExtraListener | null> {
  const server = createServer({ requireHostHeader: false }, handler);
  server.on('clientError', onClientError);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '::1', port, ipv6Only: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    logger.info(
      { port, code: (error as NodeJS.ErrnoException).code },
      'local API: no IPv6 loopback (::1) here, listening on 127.0.0.1 only',
    );
    return null;
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
