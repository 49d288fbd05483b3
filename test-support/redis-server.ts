import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';

/** A real redis-server on 127.0.0.1 for tests (Debian's `redis-server`; CI installs it). */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server (it keeps nothing: no RDB, no AOF); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Sends a signal to the server process (`SIGSTOP` stalls it with its connections open, `SIGCONT` resumes it). */
  signal(signal: NodeJS.Signals): void;
  /** Stops it for good. */
  close(): Promise<void>;
}

/** The binary: `REDIS_SERVER` when set, else `redis-server` from the PATH. */
const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/**
 * Starts `redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly no` and resolves
 * once it accepts connections (with `password`: `--requirepass`, and `url` carries no password). Rejects when it does not start within 10 s (missing binary
 * included: install Debian's `redis-server`).
 */
export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const auth = options.password ? ['--requirepass', options.password] : [];
  let child: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(
        BINARY,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = proc;
      let output = '';
      const timer = setTimeout(() => fail(new Error(`redis-server did not start:\n${output}`)), 10_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        reject(error);
      };
      const onData = (data: Buffer) => {
        output += data.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('error', (error) =>
        fail(new Error(`${BINARY} could not run (${error.message}): install redis-server`)),
      );
      proc.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${output}`)));
    });
  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  await start();
  const signal = (name: NodeJS.Signals) => {
    (child as ChildProcess | null)?.kill(name);
  };
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, signal, close: stop };
}
