// Generates the app's icons from the one source, resources/icon.svg: icon.png (1024 px, window
// and browser), icons/<n>x<n>.png (Linux), icon.icns (macOS), icon.ico (Windows) and tray.png.
// Rendering is done by resvg (@resvg/resvg-js), the ICNS/ICO containers by png2icons.
// Skips work when every output is newer than the SVG. Run by `npm run build`.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const source = join(resources, 'icon.svg');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const outputs = [
  'icon.png',
  'icon.icns',
  'icon.ico',
  'tray.png',
  ...LINUX_SIZES.map((size) => join('icons', `${size}x${size}.png`)),
].map((name) => join(resources, name));

const svgTime = statSync(source).mtimeMs;
if (
  !process.argv.includes('--force') &&
  outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= svgTime)
) {
  process.exit(0);
}

const svg = readFileSync(source);
const render = (size) =>
  Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());

mkdirSync(join(resources, 'icons'), { recursive: true });
const large = render(1024);
writeFileSync(join(resources, 'icon.png'), large);
for (const size of LINUX_SIZES)
  writeFileSync(join(resources, 'icons', `${size}x${size}.png`), size === 1024 ? large : render(size));
writeFileSync(join(resources, 'tray.png'), render(32));

const icns = png2icons.createICNS(large, png2icons.BICUBIC, 0);
const ico = png2icons.createICO(large, png2icons.BICUBIC, 0, false, true);
if (!icns || !ico) {
  console.error('icons: png2icons could not build icon.icns / icon.ico from icon.png');
  process.exit(1);
}
writeFileSync(join(resources, 'icon.icns'), icns);
writeFileSync(join(resources, 'icon.ico'), ico);
console.log(`icons: generated ${outputs.length} files in resources/ from icon.svg`);
