// `npm test` first runs this (the `pretest` script): the tests need a few programs from the
// system — Chromium (the browser end-to-end tests), Python 3 with matplotlib (the plot tests)
// and redis-server (the shared router state tests start a real one). On Debian/Ubuntu as root
// they are installed with apt-get; otherwise one message lists the exact packages and nothing
// else runs. (g++, make and python3 are needed earlier, by `npm install`, which builds node-pty.)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (name) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** What the tests look for, and the Debian/Ubuntu package that provides it. */
const requirements = [
  {
    what: 'Chromium (browser end-to-end tests)',
    package: 'chromium',
    present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  },
  {
    what: 'Python 3 with matplotlib (plot tests)',
    package: 'python3-matplotlib',
    present: () => succeeds('/usr/bin/python3', ['-c', 'import matplotlib']),
  },
  {
    what: 'redis-server (router state tests)',
    package: 'redis-server',
    present: () => onPath('redis-server') || existsSync('/usr/bin/redis-server'),
  },
];

const missing = () => requirements.filter((requirement) => !requirement.present());
let absent = missing();
if (absent.length === 0) process.exit(0);

const names = absent.map((requirement) => requirement.package);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log(`npm test: installing ${names.join(' ')} with apt-get (needed by the tests)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
          stdio: 'inherit',
          env,
        })
      : update;
  absent = install.status === 0 ? missing() : absent;
  if (absent.length === 0) process.exit(0);
}

const list = absent.map((requirement) => `  - ${requirement.package}: ${requirement.what}`).join('\n');
console.error(
  `npm test needs these system packages, which are not installed:\n${list}\n` +
    `On Debian or Ubuntu: sudo apt-get install -y ${absent.map((r) => r.package).join(' ')}\n` +
    '(Elsewhere install the same programs; set CHROMIUM_PATH if Chromium lives somewhere else than /usr/bin/chromium.)',
);
process.exit(1);
