// Checks what packaging needs as far as it can without the Electron binary (which cannot be
// downloaded on the build machines): the release workflow is valid (action-validator), and
// electron-builder.yml passes electron-builder's own schema validation and points at files that
// exist after `npm run build` (files, asarUnpack covering every native module, icons, fuses).
// Exits 1 listing every problem.
import { spawnSync } from 'node:child_process';
import { existsSync, globSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const problems = [];
const checked = [];

// 1. Workflows.
const workflows = join(root, '.github', 'workflows');
for (const file of existsSync(workflows)
  ? readdirSync(workflows).filter((name) => /\.ya?ml$/.test(name))
  : []) {
  const result = spawnSync(
    process.execPath,
    [require.resolve('@action-validator/cli/cli.mjs'), join(workflows, file)],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    problems.push(`.github/workflows/${file} is not a valid workflow:\n${result.stdout}${result.stderr}`);
  else checked.push(`workflow ${file}`);
}

// 2. electron-builder's configuration, loaded and validated by electron-builder itself.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');
const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
try {
  await validateConfiguration(config, new DebugLogger(false));
  checked.push('electron-builder.yml schema');
} catch (error) {
  problems.push(`electron-builder.yml: ${error.message}`);
}

const patternsOf = (entry) =>
  Array.isArray(entry)
    ? entry.flatMap(patternsOf)
    : typeof entry === 'string'
      ? [entry]
      : entry?.filter
        ? patternsOf(entry.filter)
        : [];
const files = patternsOf(config.files);
const included = (path) => {
  let yes = false;
  for (const pattern of files) {
    if (pattern.startsWith('!')) {
      if (matchesGlob(path, pattern.slice(1))) yes = false;
    } else if (matchesGlob(path, pattern)) yes = true;
  }
  return yes;
};
for (const pattern of files.filter((p) => !p.startsWith('!'))) {
  if (globSync(pattern, { cwd: root }).length === 0)
    problems.push(`files: "${pattern}" matches nothing (run npm run build first)`);
}
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const needed of [
  packageJson.main,
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'resources/tray.png',
  'resources/icon.png',
]) {
  const path = relative(root, join(root, needed));
  if (!existsSync(join(root, path))) problems.push(`${path} does not exist (run npm run build first)`);
  else if (!included(path)) problems.push(`${path} is not in electron-builder's files`);
}
checked.push(`files (${files.length} patterns)`);

// 3. Every native binary of a production dependency is unpacked from the asar.
const unpack = patternsOf(config.asarUnpack);
const natives = Object.keys(packageJson.dependencies ?? {}).flatMap((name) =>
  globSync(`node_modules/${name}/**/*.node`, { cwd: root }),
);
natives.push(...globSync('node_modules/@libsql/*/*.node', { cwd: root }));
if (natives.length === 0)
  problems.push('no native modules found under node_modules (node-pty, libsql): is npm install done?');
for (const binary of natives) {
  if (!unpack.some((pattern) => matchesGlob(binary, pattern)))
    problems.push(`${binary} is a native module but asarUnpack does not cover it`);
}
for (const pattern of unpack)
  if (globSync(pattern, { cwd: root }).length === 0)
    problems.push(`asarUnpack: "${pattern}" matches nothing`);
checked.push(`asarUnpack covers ${natives.length} native binaries`);

// 4. Icons for each installer, in the formats the platforms read.
const magic = (file, bytes) =>
  existsSync(file) && readFileSync(file).subarray(0, bytes.length).equals(Buffer.from(bytes));
if (!magic(join(root, config.mac?.icon ?? ''), [0x69, 0x63, 0x6e, 0x73]))
  problems.push(`mac.icon ${config.mac?.icon} is not an ICNS file`);
if (!magic(join(root, config.win?.icon ?? ''), [0, 0, 1, 0]))
  problems.push(`win.icon ${config.win?.icon} is not an ICO file`);
for (const size of [16, 32, 48, 128, 256, 512]) {
  if (!magic(join(root, config.linux?.icon ?? '', `${size}x${size}.png`), [0x89, 0x50, 0x4e, 0x47]))
    problems.push(`linux.icon ${config.linux?.icon} lacks ${size}x${size}.png`);
}
checked.push('icons (icns, ico, png set)');

// 5. Fuses that the app's safety depends on.
const fuses = config.electronFuses ?? {};
const expected = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};
for (const [name, value] of Object.entries(expected))
  if (fuses[name] !== value) problems.push(`electronFuses.${name} must be ${value}`);
checked.push('fuses');
if (config.publish?.provider !== 'github')
  problems.push('publish.provider must be github (electron-updater reads GitHub Releases)');

if (problems.length > 0) {
  console.error(`release check: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`release check: ok — ${checked.join(', ')}`);
