// The benchmark's floor: the least a proxy in the middle can do — Fastify taking the request and
// undici forwarding its bytes to the upstream (keep-alive), the answer's bytes piped back as they
// arrive. No keys, no limits, no parsing of the answer. What it adds over direct is the cost of
// the extra hop on this machine (one more process to wake and one more connection each way),
// which every path in the middle pays before doing any work of its own.
import Fastify from 'fastify';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: bare-proxy.mjs <upstream base URL>');
const dispatcher = new Agent({ connections: 128, keepAliveTimeout: 30_000 });
const app = Fastify();
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/v1/chat/completions', async (req, reply) => {
  const answer = await request(`${upstream}/chat/completions`, {
    method: 'POST',
    dispatcher,
    headers: {
      'content-type': 'application/json',
      authorization: req.headers.authorization ?? '',
    },
    body: req.body as Buffer,
  });
  reply.hijack();
  reply.raw.writeHead(answer.statusCode, {
    'content-type': String(answer.headers['content-type'] ?? 'application/json'),
  });
  for await (const piece of answer.body) reply.raw.write(piece);
  reply.raw.end();
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(
  `bare proxy on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`,
);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
