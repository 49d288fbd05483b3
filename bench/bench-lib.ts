// Helpers of `npm run bench:api`: child processes, /proc readings, one request, statistics.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { request, type Agent } from 'undici';

/** One path to the same upstream: where to POST, with which headers and model name. */
export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  model: string;
  /** The process in the middle (null for direct calls): its CPU time and memory are read from /proc. */
  pid: number | null;
  dispatcher: Agent;
}

/** What one request took, in ms. */
export interface Sample {
  totalMs: number;
  /** Time to the first content chunk (streamed requests). */
  firstTokenMs: number | null;
}

export const REPLY = 'Hello! This is the benchmark reply, streamed in chunks.';

/** Starts a child process and resolves with the first output line matching `ready` (its first group). */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${args.join(' ')} did not start:\n${output}`)),
      timeoutMs,
    );
    const onData = (data: Buffer) => {
      output += data.toString();
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve({ child, match: found[1] ?? found[0] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
}

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat (Linux). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted after the command name; clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process, in MB, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

/**
 * One chat completion through `target`; checks the answer (the reply text, `[DONE]` at the end
 * of a stream) and throws when it is wrong.
 */
export async function complete(target: Target, stream: boolean): Promise<Sample> {
  const started = performance.now();
  const response = await request(target.url, {
    method: 'POST',
    dispatcher: target.dispatcher,
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: target.model,
      stream,
      messages: [{ role: 'user', content: 'Say hello for the benchmark.' }],
    }),
  });
  if (response.statusCode !== 200)
    throw new Error(`${target.name}: HTTP ${response.statusCode} ${await response.body.text()}`);
  if (!stream) {
    const body = (await response.body.json()) as { choices?: Array<{ message?: { content?: string } }> };
    if (body.choices?.[0]?.message?.content !== REPLY)
      throw new Error(`${target.name}: unexpected answer ${JSON.stringify(body).slice(0, 200)}`);
    return { totalMs: performance.now() - started, firstTokenMs: null };
  }
  let firstTokenMs: number | null = null;
  let text = '';
  for await (const piece of response.body) {
    text += (piece as Buffer).toString();
    if (firstTokenMs === null && text.includes('"content":"Hello'))
      firstTokenMs = performance.now() - started;
  }
  if (!text.trimEnd().endsWith('data: [DONE]'))
    throw new Error(`${target.name}: the stream did not end with [DONE]`);
  return { totalMs: performance.now() - started, firstTokenMs };
}

/** Runs `count` requests one after another. */
export async function sequential(target: Target, count: number, stream: boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) samples.push(await complete(target, stream));
  return samples;
}

/** Keeps `concurrency` requests in flight for `durationMs`; counts completions and errors. */
export async function concurrent(
  target: Target,
  concurrency: number,
  durationMs: number,
  stream: boolean,
): Promise<{ completed: number; errors: number; seconds: number; lastError: string | null }> {
  const until = performance.now() + durationMs;
  let completed = 0;
  let errors = 0;
  let lastError: string | null = null;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < until) {
      try {
        await complete(target, stream);
        completed += 1;
      } catch (error) {
        errors += 1;
        lastError = (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { completed, errors, seconds: (performance.now() - started) / 1000, lastError };
}

/** Least-squares slope of `y` over `x`. */
export function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
