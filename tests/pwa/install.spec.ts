import { expect, test } from '@playwright/test';
import { cspViolations, openBrowser, waitUntilOfflineReady } from './app';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('the manifest is valid, Chromium finds the app installable and the Install button appears', async ({
  baseURL,
}) => {
  const app = await openBrowser();
  try {
    const { page, context } = app;
    await page.goto(`${baseURL}/`);
    await waitUntilOfflineReady(page);
    const cdp = await context.newCDPSession(page);

    // Chromium parsed the manifest without errors, and it says what phones need.
    const parsed = (await cdp.send('Page.getAppManifest')) as {
      url: string;
      errors: Array<{ message: string }>;
      data?: string;
    };
    expect(parsed.errors).toEqual([]);
    const manifest = JSON.parse(parsed.data!) as Record<string, unknown> & { icons: ManifestIcon[] };
    expect(manifest).toMatchObject({
      name: expect.stringContaining('Detector'),
      short_name: 'Detector',
      display: 'standalone',
      start_url: '/',
      scope: '/',
      orientation: 'any',
      theme_color: '#111111',
    });
    const icon = (size: number, purpose: string) =>
      manifest.icons.find(
        (i) =>
          i.sizes === `${size}x${size}` && i.type === 'image/png' && (i.purpose ?? 'any').split(' ').includes(purpose),
      );
    for (const [size, purpose] of [
      [192, 'any'],
      [512, 'any'],
      [192, 'maskable'],
      [512, 'maskable'],
    ] as const) {
      const entry = icon(size, purpose);
      expect(entry, `${size}x${size} ${purpose} icon`).toBeDefined();
      const response = await page.request.get(new URL(entry!.src, parsed.url).href);
      expect(response.ok()).toBe(true);
      const bytes = await response.body();
      expect(pngSize(bytes)).toEqual([size, size]);
      expect(bytes.length).toBeLessThan(50_000);
    }
    const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    expect(pngSize(await (await page.request.get(new URL(appleIcon!, parsed.url).href)).body())).toEqual([180, 180]);

    // Installable, by Chromium's own judgement.
    expect(await cdp.send('Page.getInstallabilityErrors')).toEqual({ installabilityErrors: [] });

    // The browser offered installation (beforeinstallprompt): our Install button shows.
    await expect(page.getByTestId('install')).toBeVisible();
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await app.close();
  }
});

test('on an iPhone the Install button explains Share → Add to Home Screen', async ({ baseURL }) => {
  const app = await openBrowser({
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  try {
    const { page } = app;
    await page.goto(`${baseURL}/`);
    await page.getByTestId('install').tap();
    await expect(page.getByTestId('ios-install-help')).toContainText('Add to Home Screen');
    await expect(page.getByTestId('ios-install-help')).toBeInViewport({ ratio: 1 });
  } finally {
    await app.close();
  }
});
