import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { nextDetections } from '../browser/helpers';
import { copyOfDist, openBrowser, startPreview, waitUntilOfflineReady } from './app';

/** The registration's workers, by state. */
function registration(page: Page) {
  return page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return {
      active: r?.active?.state ?? null,
      waiting: r?.waiting?.state ?? null,
      installing: r?.installing?.state ?? null,
      controlled: !!navigator.serviceWorker.controller,
    };
  });
}

test('a new version waits behind an "update available" prompt and takes over only when the user accepts', async () => {
  const build = await copyOfDist();
  const server = await startPreview(build.dir);
  const app = await openBrowser();
  try {
    const { page } = app;
    await page.goto(`${server.origin}/`);
    await nextDetections(page);
    await waitUntilOfflineReady(page);
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);

    // A new version is deployed (any byte of sw.js changes), and the open page checks for it.
    await appendFile(join(build.dir, 'sw.js'), '\n// version 2\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(page.getByTestId('update-prompt')).toContainText('A new version is available');
    await expect
      .poll(() => registration(page))
      .toMatchObject({ active: 'activated', waiting: 'installed', controlled: true });

    // Nothing is swapped in under the running detection: frames keep coming, the new worker keeps waiting.
    const before = await nextDetections(page);
    const after = await nextDetections(page);
    expect(after.frame).toBeGreaterThan(before.frame);
    expect((await registration(page)).waiting).toBe('installed');

    // "Later" hides it; it comes back on the next start, still waiting.
    await page.getByRole('button', { name: 'Later' }).click();
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('update-prompt')).toBeVisible();
    await nextDetections(page);
    expect((await registration(page)).waiting).toBe('installed');

    // "Update": detection stops, the new version activates and the page reloads into it.
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Update' }).click();
    await reloaded;
    await expect.poll(() => registration(page)).toMatchObject({ active: 'activated', waiting: null, controlled: true });
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    expect((await nextDetections(page)).detections.length).toBeGreaterThan(0);
  } finally {
    await app.close();
    await server.close();
    await build.remove();
  }
});
