import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * How Stop reaches every process a kernel started.
 * - `pid_namespace`: the kernel runs as PID 1 of its own PID namespace (`unshare --user
 *   --map-current-user --pid --fork --kill-child`); killing the `unshare` process tears the
 *   namespace down with everything in it, `setsid` and `nohup` children included.
 * - `process_group`: the kernel leads its own session (node-pty does `setsid`); Stop freezes
 *   and kills its process tree, its session and every process tagged with its id.
 */
export type Isolation = 'pid_namespace' | 'process_group';

/** The `unshare` flags of the PID namespace (no `--mount-proc`: /proc stays the host's). */
export const UNSHARE_FLAGS = ['--user', '--map-current-user', '--pid', '--fork', '--kill-child'] as const;

/** Name of the environment variable that tags every process of one kernel (process_group fallback). */
export const KERNEL_TAG_VARIABLE = 'SB_KERNEL_TAG';

let probed: Isolation | null = null;

/**
 * Finds out once per process whether unprivileged PID namespaces work here, by running
 * `unshare … -- true` (2 s limit). Anything else (no unshare, user namespaces disabled,
 * not Linux) means `process_group`.
 */
export function probeIsolation(): Isolation {
  if (probed !== null) return probed;
  probed = 'process_group';
  if (process.platform === 'linux') {
    const result = spawnSync('unshare', [...UNSHARE_FLAGS, '--', 'true'], { timeout: 2000, stdio: 'ignore' });
    if (result.error === undefined && result.status === 0) probed = 'pid_namespace';
  }
  return probed;
}

/** The command line that starts `file args` under `isolation`. */
export function wrapCommand(
  isolation: Isolation,
  file: string,
  args: string[],
): { file: string; args: string[] } {
  if (isolation === 'pid_namespace')
    return { file: 'unshare', args: [...UNSHARE_FLAGS, '--', file, ...args] };
  return { file, args };
}

interface ProcessInfo {
  pid: number;
  parent: number;
  session: number;
  zombie: boolean;
}

/** Every process visible in /proc (Linux); pids whose stat cannot be read are skipped. */
function listProcesses(): ProcessInfo[] {
  const list: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      list.push({
        pid: Number(name),
        parent: Number(fields[1]),
        session: Number(fields[3]),
        zombie: fields[0] === 'Z',
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

function hasTag(pid: number, tag: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1')
      .split('\0')
      .includes(`${KERNEL_TAG_VARIABLE}=${tag}`);
  } catch {
    return false;
  }
}

/**
 * Live processes of the kernel whose PTY child is `rootPid` (it leads its own session): the
 * root when `includeRoot`, its session, processes tagged with `tag`, and all their descendants.
 */
function collect(rootPid: number, tag: string | null, includeRoot: boolean): Set<number> {
  const processes = listProcesses().filter((info) => !info.zombie && info.pid !== process.pid);
  const children = new Map<number, number[]>();
  for (const info of processes) {
    const siblings = children.get(info.parent);
    if (siblings) siblings.push(info.pid);
    else children.set(info.parent, [info.pid]);
  }
  // setsid children leave the session but keep the tag (and usually a parent in the tree).
  const queue = processes
    .filter(
      (info) =>
        (includeRoot && info.pid === rootPid) ||
        info.session === rootPid ||
        (tag !== null && hasTag(info.pid, tag)),
    )
    .map((info) => info.pid);
  const found = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (found.has(pid)) continue;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Kills the kernel whose PTY child is `rootPid` and every process it started. On Linux the
 * tree (plus the session `rootPid` leads and, when `tag` is given, every process carrying
 * `SB_KERNEL_TAG=<tag>`) is collected through /proc before anything is killed, frozen with
 * SIGSTOP until no new process appears (so nothing forks away), then sent SIGKILL. Elsewhere
 * the process group is killed. Pass `rootAlive: false` once the PTY child has been reaped
 * (its pid may be reused; its session and group ids may not while members remain). Never throws.
 */
export function killProcessTree(rootPid: number, tag: string | null, rootAlive = true): void {
  if (process.platform !== 'linux') {
    signal(-rootPid, 'SIGKILL');
    if (rootAlive) signal(rootPid, 'SIGKILL');
    return;
  }
  const frozen = new Set<number>();
  for (let round = 0; round < 20; round++) {
    const fresh = [...collect(rootPid, tag, rootAlive)].filter((pid) => !frozen.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      signal(pid, 'SIGSTOP');
      frozen.add(pid);
    }
  }
  for (const pid of frozen) signal(pid, 'SIGKILL');
}

/** Direct children of `pid` (Linux), from /proc/<pid>/task/<pid>/children or a /proc scan. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((field) => field !== '')
      .map(Number);
  } catch {
    return listProcesses()
      .filter((info) => info.parent === pid)
      .map((info) => info.pid);
  }
}

/**
 * The current directory of the interpreter whose PTY child is `rootPid` (under `pid_namespace`
 * that child is `unshare` and the interpreter is its child), read from /proc on Linux. Null
 * where it cannot be read (another OS, the process is gone). Never throws.
 */
export function interpreterDirectory(rootPid: number, isolation: Isolation): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const pid = isolation === 'pid_namespace' ? childrenOf(rootPid)[0] : rootPid;
    if (pid === undefined) return null;
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}
