/**
 * `npm run bench:router`: what the router adds to an LLM call, measured side by side in one run.
 *
 * The scripted upstream (Groq's SSE dialect) runs in a child process so this process's CPU
 * time is the client's alone. Four ways of making the same call alternate in rounds:
 * - baseline, non-streamed: one undici `request`, body read and JSON-parsed;
 * - `router.chat`, non-streamed;
 * - baseline, streamed: undici + eventsource-parser + JSON.parse per event (the least a correct
 *   client does), read to `[DONE]`;
 * - `router.stream`, read to the end.
 * The router is the app's: real credential store, settings, health book, RPM limiter, call log
 * on SQLite, an event bus and a pino logger. Printed: median and p99 latency, CPU time per
 * request, time to first token, each with the router's delta against the baseline.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import pino from 'pino';
import { request } from 'undici';
import { DEFAULT_SETTINGS } from '../src-shared/settings';
import { systemClock } from '../src-main/core/clock';
import { EventBus } from '../src-main/core/event-bus';
import { CallLogStore } from '../src-main/core/router/call-log';
import { ProviderRouter } from '../src-main/core/router/router';
import { CredentialStore } from '../src-main/core/secrets/credential-store';
import { KeyFileCipher } from '../src-main/core/secrets/key-file-cipher';
import { SessionStore } from '../src-main/core/sessions/session-store';
import { startScriptedUpstream } from '../test-support/scripted-upstream';
import { delta, median, ms, quantile, table } from './stats';

const REPLY = 'Hello! This is a short scripted answer, streamed in pieces.';
const KEY = 'gsk_bench_key_0123456789abcdefBNCH';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);

type Mode = 'baselineChat' | 'routerChat' | 'baselineStream' | 'routerStream';
interface Samples {
  latency: number[];
  ttft: number[];
  cpuMicros: number;
  count: number;
}

async function upstreamChild(): Promise<void> {
  const upstream = await startScriptedUpstream({ rules: [{ reply: REPLY, chunkChars: 8 }] });
  process.send?.({ url: upstream.url });
  process.on('disconnect', () => void upstream.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--upstream'], { stdio: 'inherit' });
  const url = await new Promise<string>((resolve) =>
    child.once('message', (m) => resolve((m as { url: string }).url)),
  );
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  const credentials = new CredentialStore(join(dir, 'secrets.enc'), KeyFileCipher.fromKey(randomBytes(32)));
  await credentials.load();
  await credentials.set('groq_api_key', [KEY]);
  const sessions = SessionStore.open(join(dir, 'switchboard.db'));
  const callLog = new CallLogStore(sessions.connection());
  const events = new EventBus();
  const settings = { ...DEFAULT_SETTINGS };
  const router = new ProviderRouter({
    settings: () => ({ ...settings }),
    credentials,
    env: { SWITCHBOARD_GROQ_BASE_URL: url },
    clock: systemClock,
    logger: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })),
    callLog: {
      record(entry) {
        callLog.record(entry);
        events.emit({ type: 'router.call', entry });
      },
    },
  });

  const messages = [{ role: 'user' as const, content: 'Say hello.' }];
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const endpoint = `${url}/chat/completions`;
  const body = (stream: boolean) =>
    JSON.stringify({ messages, model: settings.open_interpreter_model, stream });

  const run: Record<Mode, () => Promise<number | null>> = {
    async baselineChat() {
      const response = await request(endpoint, {
        method: 'POST',
        headers: { ...headers, accept: 'application/json' },
        body: body(false),
      });
      const json = (await response.body.json()) as { choices: Array<{ message: { content: string } }> };
      if (json.choices[0]?.message.content !== REPLY) throw new Error('baseline: wrong reply');
      return null;
    },
    async routerChat() {
      const { completion } = await router.chat({ messages });
      if (completion.choices[0]?.message.content !== REPLY) throw new Error('router: wrong reply');
      return null;
    },
    async baselineStream() {
      const started = performance.now();
      const response = await request(endpoint, {
        method: 'POST',
        headers: { ...headers, accept: 'text/event-stream' },
        body: body(true),
      });
      let text = '';
      let ttft: number | null = null;
      let done = false;
      const parser = createParser({
        onEvent(event) {
          if (event.data === '[DONE]') {
            done = true;
            return;
          }
          const chunk = JSON.parse(event.data) as { choices?: Array<{ delta?: { content?: string } }> };
          const content = chunk.choices?.[0]?.delta?.content;
          if (content) {
            ttft ??= performance.now() - started;
            text += content;
          }
        },
      });
      const decoder = new TextDecoder();
      for await (const piece of response.body) parser.feed(decoder.decode(piece as Buffer, { stream: true }));
      if (!done || text !== REPLY) throw new Error('baseline stream: wrong reply');
      return ttft;
    },
    async routerStream() {
      const started = performance.now();
      const routed = await router.stream({ messages });
      let text = '';
      let ttft: number | null = null;
      for await (const chunk of routed.chunks) {
        const content = chunk.choices?.[0]?.delta?.content;
        if (content) {
          ttft ??= performance.now() - started;
          text += content;
        }
      }
      if (text !== REPLY) throw new Error('router stream: wrong reply');
      return ttft;
    },
  };

  // BENCH_ONLY=routerStream (comma-separated) runs only those ways, e.g. under --cpu-prof.
  const only = process.env.BENCH_ONLY?.split(',');
  const modes = (Object.keys(run) as Mode[]).filter((m) => !only || only.includes(m));
  const fresh = (): Samples => ({ latency: [], ttft: [], cpuMicros: 0, count: 0 });
  const samples: Record<Mode, Samples> = {
    baselineChat: fresh(),
    routerChat: fresh(),
    baselineStream: fresh(),
    routerStream: fresh(),
  };
  for (const mode of modes) for (let i = 0; i < WARMUP; i++) await run[mode]();

  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order each round so drift (thermal, GC, the other engineers' tests) spreads evenly.
    for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
      const s = samples[mode];
      const cpu = process.cpuUsage();
      for (let i = 0; i < PER_ROUND; i++) {
        const started = performance.now();
        const ttft = await run[mode]();
        s.latency.push(performance.now() - started);
        if (ttft !== null) s.ttft.push(ttft);
      }
      const used = process.cpuUsage(cpu);
      s.cpuMicros += used.user + used.system;
      s.count += PER_ROUND;
    }
  }

  const cpu = (m: Mode) => samples[m].cpuMicros / samples[m].count / 1000;
  if (only) {
    for (const m of modes)
      process.stdout.write(`${m}: median ${ms(median(samples[m].latency))}, CPU ${ms(cpu(m))} per call\n`);
    child.disconnect();
    return;
  }
  const rows: string[][] = [['', 'baseline (undici)', 'router', 'added', 'ratio']];
  const add = (label: string, base: number, routed: number) =>
    rows.push([label, ms(base), ms(routed), delta(routed - base), `${(routed / base).toFixed(2)}×`]);
  add(
    'non-streamed  median latency',
    median(samples.baselineChat.latency),
    median(samples.routerChat.latency),
  );
  add(
    'non-streamed  p99 latency',
    quantile(samples.baselineChat.latency, 0.99),
    quantile(samples.routerChat.latency, 0.99),
  );
  add('non-streamed  CPU / request', cpu('baselineChat'), cpu('routerChat'));
  add(
    'streamed      median latency',
    median(samples.baselineStream.latency),
    median(samples.routerStream.latency),
  );
  add(
    'streamed      p99 latency',
    quantile(samples.baselineStream.latency, 0.99),
    quantile(samples.routerStream.latency, 0.99),
  );
  add('streamed      median TTFT', median(samples.baselineStream.ttft), median(samples.routerStream.ttft));
  add('streamed      CPU / request', cpu('baselineStream'), cpu('routerStream'));

  const addedCpu = Math.max(
    cpu('routerChat') - cpu('baselineChat'),
    cpu('routerStream') - cpu('baselineStream'),
  );
  const addedMedian = Math.max(
    median(samples.routerChat.latency) - median(samples.baselineChat.latency),
    median(samples.routerStream.latency) - median(samples.baselineStream.latency),
  );
  process.stdout.write(
    `Router overhead, ${ROUNDS} rounds × ${PER_ROUND} calls per way (after ${WARMUP} warm-up calls each), node ${process.version}\n\n`,
  );
  process.stdout.write(`${table(rows)}\n\n`);
  process.stdout.write(
    `target: < 0.100 ms CPU added → ${addedCpu.toFixed(3)} ms (${addedCpu < 0.1 ? 'met' : 'NOT met'}); < 0.200 ms median added → ${addedMedian.toFixed(3)} ms (${addedMedian < 0.2 ? 'met' : 'NOT met'})\n`,
  );

  callLog.close();
  sessions.close();
  child.disconnect();
  await rm(dir, { recursive: true, force: true });
}

if (process.argv.includes('--upstream')) void upstreamChild();
else
  main().catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
