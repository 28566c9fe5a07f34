/**
 * Renders the app icons (public/icons/*.png) from their SVG sources with headless Chromium, in the sizes
 * phones ask for. The PNGs are small and committed; run `npm run icons` after changing an SVG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, CHROMIUM_PATH } from '../tests/support/chromium';

const dir = resolve(import.meta.dirname, '../public/icons');

/** [source SVG, size, output PNG, transparent corners] */
const ICONS: Array<[string, number, string, boolean]> = [
  ['icon.svg', 192, 'icon-192.png', true],
  ['icon.svg', 512, 'icon-512.png', true],
  ['icon-maskable.svg', 192, 'icon-maskable-192.png', false],
  ['icon-maskable.svg', 512, 'icon-maskable-512.png', false],
  // iOS rounds the corners itself and shows transparency as black: a full-bleed square.
  ['icon-maskable.svg', 180, 'apple-touch-icon-180.png', false],
];

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false }) });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const [source, size, output, transparent] of ICONS) {
    const svg = await readFile(resolve(dir, source), 'utf8');
    await page.setViewportSize({ width: size, height: size });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style><img src="${src}" width="${size}" height="${size}">`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot({ omitBackground: transparent, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(resolve(dir, output), png);
    console.log(`icons: ${output} ${size}x${size} ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
