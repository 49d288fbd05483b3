import { once } from 'node:events';
import { expect, serveRefusal, startServe, test } from '../serve-fixture';

test('a second serve on the same data dir refuses to start, naming the dir and the running pid; a SIGKILLed one’s lock is taken over', async ({
  dataDir,
  upstream,
}) => {
  const env = { SWITCHBOARD_GROQ_BASE_URL: upstream.url };
  const first = await startServe(dataDir, env);
  try {
    const second = await serveRefusal(dataDir, env, []);
    expect(second.code).toBe(1);
    expect(second.output).toContain(`The data dir ${dataDir} is in use by another Switchboard`);
    expect(second.output).toContain(`pid ${first.process.pid}`);
    expect(second.output).not.toContain('Switchboard is running at');

    // The first one keeps working: its page still answers.
    expect((await fetch(first.url)).status).toBe(200);

    first.process.kill('SIGKILL');
    await once(first.process, 'exit');
    const third = await startServe(dataDir, env);
    expect((await fetch(third.url)).status).toBe(200);
    await third.stop();
  } finally {
    if (first.process.signalCode === null) await first.stop();
  }
});
