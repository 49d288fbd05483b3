// `npm run bench:api`: the same scripted upstream reached four ways, side by side in one run —
// direct, through a bare proxy (Fastify + undici forwarding bytes: what the hop alone costs),
// through Switchboard's routed /v1/chat/completions (the built `serve --api`), and through the
// Portkey gateway (`--headless`, pinned to 127.0.0.1). Prints sequential median / p99,
// requests/s at 32 concurrent, CPU ms per request of the process in the middle, streaming time to
// first token; Switchboard's ratios to Portkey; then 64 concurrent streams through Switchboard for
// --soak-seconds (default 60) with errors and memory. Linux (reads /proc). Not part of `npm test`.
// `--redis` adds a fifth path: Switchboard with its router state shared through a redis-server
// started here; both Switchboard paths then run with the per-client limit and the RPM window on
// (set far above the load, so they count every request and never wait), and the soak is skipped.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import {
  complete,
  concurrent,
  cpuMs,
  rssMb,
  sequential,
  slope,
  startProcess,
  type Sample,
  type Target,
} from './bench-lib';
import { freePort } from '../test-support/free-port';
import { startRedisServer } from '../test-support/redis-server';
import { median, quantile } from './stats';

const { values } = parseArgs({
  options: {
    'soak-seconds': { type: 'string', default: '60' },
    requests: { type: 'string', default: '600' },
    'concurrent-seconds': { type: 'string', default: '6' },
    redis: { type: 'boolean', default: false },
  },
});
const REDIS = values.redis ?? false;
const SOAK_SECONDS = Number(values['soak-seconds']);
const REQUESTS = Number(values.requests);
const CONCURRENT_MS = Number(values['concurrent-seconds']) * 1000;
const ROUNDS = 5;
const PROVIDER_KEY = 'gsk_bench_0123456789abcdefghijklmnopqrstuvwxyz';
const API_KEY = `sb-${randomBytes(32).toString('base64url')}`;

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const children: Array<{ kill: () => void }> = [];
const cleanup = () => {
  for (const child of children) child.kill();
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

try {
  const upstream = await startProcess(
    ['out/bench/upstream.mjs'],
    {},
    /(http:\/\/127\.0\.0\.1:\d+\/openai\/v1)/,
  );
  children.push({ kill: () => upstream.child.kill() });
  const upstreamUrl = upstream.match;

  const bare = await startProcess(['out/bench/bare-proxy.mjs', upstreamUrl], {}, /bare proxy on (\S+)/);
  children.push({ kill: () => bare.child.kill() });

  const redis = REDIS ? await startRedisServer() : null;
  if (redis) children.push({ kill: () => void redis.close() });
  /** `serve --api` in its own data dir; with --redis, limits on (far above the load) and `redisUrl` if given. */
  const startSwitchboard = async (name: string, redisUrl?: string) => {
    const dir = join(dataDir, name);
    mkdirSync(dir, { recursive: true });
    if (REDIS)
      writeFileSync(
        join(dir, 'settings.json'),
        JSON.stringify({ open_interpreter_requests_per_minute: 100_000 }),
      );
    const apiPort = await freePort();
    const started = await startProcess(
      ['out/main/serve.js', '--api', '--api-port', String(apiPort), '--data-dir', dir],
      {
        GROQ_API_KEY: PROVIDER_KEY,
        SWITCHBOARD_GROQ_BASE_URL: upstreamUrl,
        API_KEY,
        RATE_LIMIT_PER_MINUTE: REDIS ? '1000000000' : '0',
        SESSION_RATE_LIMIT_PER_MINUTE: '0',
        SWITCHBOARD_MASTER_KEY: randomBytes(32).toString('hex'),
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      },
      /Local API listening on (\S+)/,
    );
    children.push({ kill: () => started.child.kill() });
    return started;
  };
  const switchboard = await startSwitchboard('in-process');
  const shared = redis ? await startSwitchboard('redis', redis.url) : null;

  const portkeyPort = await freePort();
  const portkey = await startProcess(
    [
      '--import',
      './bench/loopback-only.mjs',
      'node_modules/@portkey-ai/gateway/build/start-server.js',
      '--headless',
      `--port=${portkeyPort}`,
    ],
    {},
    /Ready for connections/,
  );
  children.push({ kill: () => portkey.child.kill() });

  const agent = () => new Agent({ connections: 128, keepAliveTimeout: 30_000, pipelining: 1 });
  /** Switchboard's routed /v1/chat/completions on a started `serve --api`. */
  const switchboardTarget = (name: string, started: typeof switchboard): Target => ({
    name,
    url: `${started.match}/v1/chat/completions`,
    headers: { authorization: `Bearer ${API_KEY}` },
    model: 'groq/llama-3.1-8b-instant',
    pid: started.child.pid ?? null,
    dispatcher: agent(),
  });
  const targets: Target[] = [
    {
      name: 'direct',
      url: `${upstreamUrl}/chat/completions`,
      headers: { authorization: `Bearer ${PROVIDER_KEY}` },
      model: 'llama-3.1-8b-instant',
      pid: null,
      dispatcher: agent(),
    },
    {
      name: 'bare proxy',
      url: `${bare.match}/v1/chat/completions`,
      headers: { authorization: `Bearer ${PROVIDER_KEY}` },
      model: 'llama-3.1-8b-instant',
      pid: bare.child.pid ?? null,
      dispatcher: agent(),
    },
    switchboardTarget('switchboard', switchboard),
    {
      name: 'portkey',
      url: `http://127.0.0.1:${portkeyPort}/v1/chat/completions`,
      headers: {
        authorization: `Bearer ${PROVIDER_KEY}`,
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': upstreamUrl,
      },
      model: 'llama-3.1-8b-instant',
      pid: portkey.child.pid ?? null,
      dispatcher: agent(),
    },
  ];
  if (shared) targets.push(switchboardTarget('sb+redis', shared));

  process.stdout.write(
    `Upstream ${upstreamUrl}; Switchboard ${switchboard.match}; Portkey http://127.0.0.1:${portkeyPort}\n`,
  );
  process.stdout.write('Warming up…\n');
  for (const target of targets) {
    await sequential(target, 200, false);
    await sequential(target, 100, true);
    await concurrent(target, 32, 1500, false);
  }

  // Interleaved rounds, so drift on a shared machine hits every path alike.
  const plain = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  const streamed = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  process.stdout.write(
    `Sequential: ${REQUESTS} plain + ${REQUESTS} streamed requests per path, in ${ROUNDS} interleaved rounds…\n`,
  );
  // Each round starts with the next path, so no path is always measured right after the same one.
  const rotated = (round: number) => [
    ...targets.slice(round % targets.length),
    ...targets.slice(0, round % targets.length),
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of rotated(round)) {
      plain
        .get(target.name)
        ?.push(...(await sequential(target, REQUESTS / ROUNDS, false)).map((s) => s.totalMs));
      streamed.get(target.name)?.push(...(await sequential(target, REQUESTS / ROUNDS, true)));
    }
  }

  process.stdout.write(
    `Throughput: 32 concurrent for ${CONCURRENT_MS / 1000} s per path, in ${ROUNDS} interleaved rounds…\n`,
  );
  type Totals = { completed: number; seconds: number; cpuMs: number; errors: number };
  const totals = new Map<string, Totals>();
  const measure = async (target: Target, stream: boolean) => {
    const key = `${target.name}:${stream}`;
    const sum = totals.get(key) ?? { completed: 0, seconds: 0, cpuMs: 0, errors: 0 };
    const before = target.pid ? cpuMs(target.pid) : 0;
    const run = await concurrent(target, 32, CONCURRENT_MS / ROUNDS, stream);
    sum.cpuMs += target.pid ? cpuMs(target.pid) - before : 0;
    sum.completed += run.completed;
    sum.seconds += run.seconds;
    sum.errors += run.errors;
    totals.set(key, sum);
  };
  for (let round = 0; round < ROUNDS; round++)
    for (const stream of [false, true]) for (const target of rotated(round)) await measure(target, stream);
  const result = (target: Target, stream: boolean) => {
    const sum = totals.get(`${target.name}:${stream}`) as Totals;
    const cpuPerRequest = target.pid ? sum.cpuMs / Math.max(1, sum.completed) : null;
    return { rps: sum.completed / sum.seconds, cpuPerRequest, errors: sum.errors };
  };
  const throughput = new Map(targets.map((t) => [t.name, result(t, false)]));
  const streamThroughput = new Map(targets.map((t) => [t.name, result(t, true)]));

  const row = (label: string, value: (name: string) => string) =>
    `${label.padEnd(34)}${targets.map((t) => value(t.name).padStart(14)).join('')}\n`;
  const fmt = (n: number | null, digits = 2) => (n === null || Number.isNaN(n) ? '—' : n.toFixed(digits));
  const ttft = (name: string) => (streamed.get(name) ?? []).map((s) => s.firstTokenMs ?? Number.NaN);
  let table = row('', (name) => name);
  table += row('sequential median (ms)', (n) => fmt(median(plain.get(n) ?? [])));
  table += row('sequential p99 (ms)', (n) => fmt(quantile(plain.get(n) ?? [], 0.99)));
  table += row('streamed total median (ms)', (n) =>
    fmt(median((streamed.get(n) ?? []).map((s) => s.totalMs))),
  );
  table += row('streaming TTFT median (ms)', (n) => fmt(median(ttft(n))));
  table += row('streaming TTFT p99 (ms)', (n) => fmt(quantile(ttft(n), 0.99)));
  table += row('requests/s at 32 concurrent', (n) => fmt(throughput.get(n)?.rps ?? null, 0));
  table += row('CPU ms per request (middle)', (n) => fmt(throughput.get(n)?.cpuPerRequest ?? null, 3));
  table += row('streams/s at 32 concurrent', (n) => fmt(streamThroughput.get(n)?.rps ?? null, 0));
  table += row('CPU ms per stream (middle)', (n) => fmt(streamThroughput.get(n)?.cpuPerRequest ?? null, 3));
  table += row('errors', (n) =>
    String((throughput.get(n)?.errors ?? 0) + (streamThroughput.get(n)?.errors ?? 0)),
  );
  process.stdout.write(`\n${table}`);

  const sb = 'switchboard';
  const cpuRatio =
    (throughput.get(sb)?.cpuPerRequest ?? Number.NaN) /
    (throughput.get('portkey')?.cpuPerRequest ?? Number.NaN);
  const streamCpuRatio =
    (streamThroughput.get(sb)?.cpuPerRequest ?? Number.NaN) /
    (streamThroughput.get('portkey')?.cpuPerRequest ?? Number.NaN);
  /** What a path adds over direct to the sequential median, in ms: [plain, whole stream]. */
  const addedBy = (name: string): [number, number] => [
    median(plain.get(name) ?? []) - median(plain.get('direct') ?? []),
    median((streamed.get(name) ?? []).map((x) => x.totalMs)) -
      median((streamed.get('direct') ?? []).map((x) => x.totalMs)),
  ];
  const [addedMedian, addedStreamMedian] = addedBy(sb);
  const addedTtft = median(ttft(sb)) - median(ttft('direct'));
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  process.stdout.write(`\nSwitchboard / Portkey:\n`);
  process.stdout.write(
    `  CPU per request      ${fmt(cpuRatio)}× plain, ${fmt(streamCpuRatio)}× streamed   (target ≤ 0.25×: ${check(cpuRatio <= 0.25)} / ${check(streamCpuRatio <= 0.25)})\n`,
  );
  process.stdout.write(
    `  sequential median    ${fmt(median(plain.get(sb) ?? []) / median(plain.get('portkey') ?? []))}×\n`,
  );
  process.stdout.write(
    `  p99                  ${fmt(quantile(plain.get(sb) ?? [], 0.99) / quantile(plain.get('portkey') ?? [], 0.99))}×\n`,
  );
  process.stdout.write(
    `  requests/s           ${fmt((throughput.get(sb)?.rps ?? 0) / (throughput.get('portkey')?.rps ?? 1))}× plain, ${fmt((streamThroughput.get(sb)?.rps ?? 0) / (streamThroughput.get('portkey')?.rps ?? 1))}× streamed\n`,
  );
  process.stdout.write(`  TTFT                 ${fmt(median(ttft(sb)) / median(ttft('portkey')))}×\n`);
  process.stdout.write(
    `Added over direct: median ${fmt(addedMedian, 3)} ms plain, ${fmt(addedStreamMedian, 3)} ms streamed (target < 0.5 ms: ${check(addedMedian < 0.5)} / ${check(addedStreamMedian < 0.5)}), TTFT ${fmt(addedTtft, 3)} ms (target < 1 ms: ${check(addedTtft < 1)})\n`,
  );
  process.stdout.write(
    `  (Portkey adds ${fmt(median(plain.get('portkey') ?? []) - median(plain.get('direct') ?? []), 3)} ms median, ${fmt(median(ttft('portkey')) - median(ttft('direct')), 3)} ms TTFT)\n`,
  );
  const [hopPlain, hopStreamed] = addedBy('bare proxy');
  process.stdout.write(
    `  (the hop alone — a bare proxy forwarding bytes — adds ${fmt(hopPlain, 3)} ms plain, ${fmt(hopStreamed, 3)} ms streamed: Switchboard's own share is ${fmt(addedMedian - hopPlain, 3)} / ${fmt(addedStreamMedian - hopStreamed, 3)} ms)\n`,
  );
  if (shared) {
    const [addedRedis, addedRedisStream] = addedBy('sb+redis');
    const cpuRise =
      (throughput.get('sb+redis')?.cpuPerRequest ?? Number.NaN) -
      (throughput.get(sb)?.cpuPerRequest ?? Number.NaN);
    const streamCpuRise =
      (streamThroughput.get('sb+redis')?.cpuPerRequest ?? Number.NaN) -
      (streamThroughput.get(sb)?.cpuPerRequest ?? Number.NaN);
    const signed = (n: number) => `${n >= 0 ? '+' : ''}${fmt(n, 3)}`;
    process.stdout.write(
      `\nSwitchboard with Redis-shared state (sb+redis; both Switchboard paths count every request against the per-client limit and the RPM window):\n`,
    );
    process.stdout.write(
      `  added over direct: median ${fmt(addedRedis, 3)} ms plain, ${fmt(addedRedisStream, 3)} ms streamed (target < 0.5 ms: ${check(addedRedis < 0.5)} / ${check(addedRedisStream < 0.5)})\n`,
    );
    process.stdout.write(
      `  CPU per request vs in-process state: ${signed(cpuRise)} ms plain, ${signed(streamCpuRise)} ms streamed (target ≤ +0.05 ms: ${check(cpuRise <= 0.05)} / ${check(streamCpuRise <= 0.05)})\n`,
    );
    process.stdout.write('  (the soak runs without --redis)\n');
  }

  if (shared) {
    cleanup();
    process.exit(0);
  }
  // Soak: 64 concurrent streams through Switchboard; memory sampled every second. The first fifth
  // is warm-up (V8 grows its heap to the load); "flat" means the second half grew by < 5%.
  const target = targets.find((t) => t.name === 'switchboard') as Target;
  const pid = target.pid as number;
  process.stdout.write(`\nSoak: 64 concurrent streams through Switchboard for ${SOAK_SECONDS} s…\n`);
  const samples: Array<[number, number]> = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    const at = (Date.now() - started) / 1000;
    samples.push([at, rssMb(pid)]);
    if (Math.round(at) % 10 === 0) process.stdout.write(`  ${Math.round(at)} s: ${fmt(rssMb(pid), 1)} MB\n`);
  }, 1000);
  const soak = await concurrent(target, 64, SOAK_SECONDS * 1000, true);
  clearInterval(sampler);
  const settled = samples.filter(([t]) => t >= SOAK_SECONDS * 0.2);
  const first = settled[0]?.[1] ?? Number.NaN;
  const last = settled.at(-1)?.[1] ?? Number.NaN;
  const perMinute = slope(settled) * 60;
  const half = samples.filter(([t]) => t >= SOAK_SECONDS / 2);
  const flat = (half.at(-1)?.[1] ?? 0) - (half[0]?.[1] ?? 0) < (half[0]?.[1] ?? 0) * 0.05;
  process.stdout.write(
    `  ${soak.completed} streams (${fmt(soak.completed / soak.seconds, 0)}/s), ${soak.errors} errors${soak.lastError ? ` (last: ${soak.lastError})` : ''}\n`,
  );
  process.stdout.write(
    `  RSS after warm-up ${fmt(first, 1)} MB → end ${fmt(last, 1)} MB (max ${fmt(Math.max(...samples.map(([, m]) => m)), 1)} MB), trend ${fmt(perMinute, 2)} MB/min; second half ${flat ? 'flat (< 5% growth)' : 'GROWING (≥ 5%)'}\n`,
  );
  const ok = await complete(target, false).then(
    () => true,
    () => false,
  );
  process.stdout.write(`  still answering afterwards: ${ok ? 'yes' : 'NO'}\n`);
} finally {
  cleanup();
}
