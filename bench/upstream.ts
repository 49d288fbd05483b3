// The benchmark's upstream in its own process: the scripted upstream (Groq's SSE format) with
// one fixed reply, so the three paths measured side by side talk to exactly the same server.
import { startScriptedUpstream } from '../test-support/scripted-upstream';

const upstream = await startScriptedUpstream({
  rules: [{ reply: 'Hello! This is the benchmark reply, streamed in chunks.', chunkChars: 8 }],
});
process.stdout.write(`${upstream.url}\n`);
process.on('SIGTERM', () => void upstream.close().then(() => process.exit(0)));
