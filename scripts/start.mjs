// `npm start`: build, then open the desktop window. Where no Electron runtime can be had (its
// binary is downloaded on first run and that download is not possible here), stop with one
// sentence that names `npm run serve`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  const dir = dirname(require.resolve('electron/package.json'));
  const binary = () => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const path = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(path) ? path : null;
  };
  if (binary()) return binary();
  spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return binary();
}

const electron = electronBinary();
if (!electron) {
  console.error('Switchboard cannot open its desktop window here because no Electron runtime could be downloaded; run `npm run serve` to use the same app in your browser.');
  process.exit(1);
}
const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
