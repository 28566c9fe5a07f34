import { expect, type Page } from '@playwright/test';
import type { DetectionsEventDetail } from '../../src/components/detector-app';

export { iou } from '../../src/detection/nms';

/** Resolves with the next `detections` event of <detector-app> with at least `minBoxes` boxes. */
export function nextDetections(page: Page, minBoxes = 1): Promise<DetectionsEventDetail> {
  return page.evaluate(
    (min) =>
      new Promise<DetectionsEventDetail>((resolve) => {
        const app = document.querySelector('detector-app')!;
        const onEvent = (event: Event) => {
          const detail = (event as CustomEvent<DetectionsEventDetail>).detail;
          if (detail.detections.length < min) return;
          app.removeEventListener('detections', onEvent);
          resolve(detail);
        };
        app.addEventListener('detections', onEvent);
      }),
    minBoxes,
  );
}

/** The next `detections` event that passes `accept` (looking at most at `limit` events). */
export async function nextDetectionsOf(
  page: Page,
  accept: (detail: DetectionsEventDetail) => boolean,
  limit = 100,
): Promise<DetectionsEventDetail> {
  for (let i = 0; i < limit; i++) {
    const detail = await nextDetections(page, 0);
    if (accept(detail)) return detail;
  }
  throw new Error(`None of ${limit} detections events was the one expected`);
}

/** The messages the app shows the user. */
export function messages(page: Page) {
  return page.getByTestId('message');
}

/** Counts non-transparent pixels on the overlay canvas: boxes were really drawn. */
export async function overlayInk(page: Page): Promise<number> {
  return page.evaluate(() => {
    const overlay = document
      .querySelector('detector-app')!
      .shadowRoot!.querySelector('source-view')!
      .shadowRoot!.querySelector('detection-overlay')!;
    const canvas = overlay.shadowRoot!.querySelector('canvas')!;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink++;
    return ink;
  });
}

export async function expectAppUsable(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Image…' })).toBeEnabled();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
}
