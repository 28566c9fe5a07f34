import { expect, test, type Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import type { Box } from '../../src/detection/types';
import { nextDetections } from '../browser/helpers';
import { FULL_ONLY } from '../support/test-scope';

const PORTRAIT = { width: 390, height: 844 };
const LANDSCAPE = { width: 844, height: 390 };

interface Control {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Its whole size, also where a scrolling sheet shows only part of it. */
  fullWidth: number;
  fullHeight: number;
  /** The element at the control's centre is the control: nothing covers it. */
  onTop: boolean;
}

/** Every visible control of the app, through all shadow roots, with its box and whether it is uncovered. */
function visibleControls(page: Page): Promise<Control[]> {
  return page.evaluate(() => {
    const found: Element[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        // A checkbox is tapped through its label: the label is the target.
        if (el.matches('input[type=checkbox]') && el.closest('label')) found.push(el.closest('label')!);
        else if (el.matches('button, select, input:not([type=file]), summary')) found.push(el);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    const deepAt = (x: number, y: number) => {
      let el = document.elementFromPoint(x, y);
      while (el?.shadowRoot) {
        const inner = el.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === el) break;
        el = inner;
      }
      return el;
    };
    // The part of an element that its scrolling ancestors (the settings sheet) let show; null when none.
    const flatParent = (el: Element): Element | null => {
      const root = el.getRootNode();
      return el.assignedSlot ?? el.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
    };
    const shown = (el: Element): DOMRect | null => {
      let { left, top, right, bottom } = el.getBoundingClientRect();
      for (let a = flatParent(el); a; a = flatParent(a)) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        [left, top, right, bottom] = [
          Math.max(left, c.left),
          Math.max(top, c.top),
          Math.min(right, c.right),
          Math.min(bottom, c.bottom),
        ];
      }
      return right - left > 0 && bottom - top > 0 ? new DOMRect(left, top, right - left, bottom - top) : null;
    };
    return (
      found
        // Rendered (not in a closed <details>, not display:none or visibility:hidden) and not scrolled out of view.
        .filter((el) => el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }))
        .map((el) => ({ el, r: shown(el) }))
        .filter((c): c is { el: Element; r: DOMRect } => c.r !== null)
        .map(({ el, r }) => {
          const hit = deepAt(r.x + r.width / 2, r.y + r.height / 2);
          const full = el.getBoundingClientRect();
          return {
            name:
              el.getAttribute('aria-label') || el.textContent.trim().replace(/\s+/g, ' ').slice(0, 30) || el.tagName,
            x: r.x,
            y: r.y,
            width: r.width,
            height: r.height,
            fullWidth: full.width,
            fullHeight: full.height,
            onTop: !!hit && (hit === el || el.contains(hit)),
          };
        })
    );
  });
}

function overlap(a: Control, b: Control): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

async function expectUsableControls(
  page: Page,
  viewport: { width: number; height: number },
  label: string,
): Promise<Control[]> {
  const controls = await visibleControls(page);
  expect(controls.length).toBeGreaterThan(5);
  for (const c of controls) {
    expect(c.x, `${label}: ${c.name} inside the screen`).toBeGreaterThanOrEqual(0);
    expect(c.y, `${label}: ${c.name} inside the screen`).toBeGreaterThanOrEqual(0);
    expect(c.x + c.width, `${label}: ${c.name} inside the screen`).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(c.y + c.height, `${label}: ${c.name} inside the screen`).toBeLessThanOrEqual(viewport.height + 0.5);
    expect(c.onTop, `${label}: ${c.name} is not covered`).toBe(true);
    if (c.name !== 'Dismiss')
      expect(
        Math.min(c.fullWidth, c.fullHeight),
        `${label}: ${c.name} is big enough for a finger`,
      ).toBeGreaterThanOrEqual(32);
  }
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      expect(overlap(controls[i], controls[j]), `${label}: ${controls[i].name} overlaps ${controls[j].name}`).toBe(0);
    }
  }
  return controls;
}

/** The screenshot, checked: the live picture reaches the screen's edges (no letterbox bars). */
async function expectFullBleedScreenshot(
  page: Page,
  viewport: { width: number; height: number },
  name: string,
): Promise<void> {
  const shot = await page.screenshot({ type: 'jpeg', quality: 90 });
  await test.info().attach(name, { body: shot, contentType: 'image/jpeg' });
  const image = jpeg.decode(shot, { useTArray: true });
  const scale = image.width / viewport.width;
  const luminance = (x: number, y: number) => {
    const i = (Math.round(y * scale) * image.width + Math.round(x * scale)) * 4;
    return 0.299 * image.data[i] + 0.587 * image.data[i + 1] + 0.114 * image.data[i + 2];
  };
  // Sample the picture's middle band along both edges and the centre line: all of it is camera picture.
  const samples: number[] = [];
  for (let f = 0.2; f <= 0.6; f += 0.05) {
    samples.push(
      luminance(1, viewport.height * f),
      luminance(viewport.width - 2, viewport.height * f),
      luminance(viewport.width / 2, viewport.height * f),
    );
  }
  const dark = samples.filter((l) => l < 12).length;
  expect(dark, `${name}: black bars where the picture should be`).toBeLessThanOrEqual(2);
}

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await nextDetections(page, 2);
}

for (const [name, viewport] of [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const) {
  test.describe(`${name} phone`, () => {
    test.use({ viewport, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

    // Portrait in npm test, landscape too in test:full.
    const scope = name === 'landscape' ? FULL_ONLY : {};
    test(
      `${name}: the picture fills the screen and every control is reachable, in thumb reach and not overlapped`,
      scope,
      async ({ page }) => {
        await openApp(page);
        const view = await page.evaluate(() => {
          const v = document.querySelector('detector-app')!.shadowRoot!.querySelector('source-view')!;
          const r = v.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height, fit: getComputedStyle(v.video).objectFit };
        });
        expect(view).toEqual({ x: 0, y: 0, width: viewport.width, height: viewport.height, fit: 'cover' });

        const controls = await expectUsableControls(page, viewport, name);
        // The source controls sit where a thumb reaches: the bottom in portrait, the right edge in landscape.
        for (const control of controls.filter((c) =>
          ['Camera', 'Flip camera', 'Video…', 'Image…', 'Settings'].includes(c.name),
        )) {
          if (name === 'portrait')
            expect(control.y + control.height / 2, control.name).toBeGreaterThan(viewport.height * 0.75);
          else expect(control.x + control.width / 2, control.name).toBeGreaterThan(viewport.width * 0.8);
        }
        await expectFullBleedScreenshot(page, viewport, `${name}.jpg`);

        // The model and settings sheet opens within reach, and nothing in it overlaps or leaves the screen.
        await page.getByRole('button', { name: 'Settings' }).tap();
        await expect(page.getByRole('combobox', { name: 'Model' })).toBeInViewport({ ratio: 1 });
        await expect(page.getByRole('slider', { name: 'Score' })).toBeInViewport({ ratio: 1 });
        await expectUsableControls(page, viewport, `${name} with settings open`);
        await test
          .info()
          .attach(`${name}-settings.jpg`, { body: await page.screenshot({ type: 'jpeg' }), contentType: 'image/jpeg' });
        // What does not fit scrolls into reach, the class list included.
        await page.getByText(/^Classes:/).tap();
        await page.getByRole('checkbox', { name: 'elephant' }).scrollIntoViewIfNeeded();
        await expect(page.getByRole('checkbox', { name: 'elephant' })).toBeInViewport();
        await expectUsableControls(page, viewport, `${name} with the class list open`);
        await page.getByText(/^Classes:/).scrollIntoViewIfNeeded();
        await page.getByText(/^Classes:/).tap();
        await page.getByRole('button', { name: 'Settings' }).tap();
        await expect(page.getByRole('combobox', { name: 'Model' })).toBeHidden();

        // The monitor panel covers the picture and its controls are usable; closing it gives the picture back.
        await page.getByRole('button', { name: 'Monitor', exact: true }).tap();
        await expect(page.getByRole('button', { name: 'Export CSV' })).toBeInViewport();
        await expectUsableControls(page, viewport, `${name} with the monitor open`);
        await test
          .info()
          .attach(`${name}-monitor.jpg`, { body: await page.screenshot({ type: 'jpeg' }), contentType: 'image/jpeg' });
        await page.getByRole('button', { name: 'Close monitor' }).tap();
        await expect(page.getByRole('button', { name: 'Export CSV' })).toBeHidden();
      },
    );
  });
}

test.describe('phone interactions', () => {
  test.use({ viewport: PORTRAIT, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

  test('tapping a box shows its label and score', FULL_ONLY, async ({ page }) => {
    await page.goto('/');
    const detail = await nextDetections(page, 2);
    // A tap picks the smallest box under the finger: aim for the smallest elephant (a DETR model may also give a
    // looser one around it) where no smaller box lies.
    const area = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);
    const elephant = detail.detections
      .filter((d) => d.label === 'elephant')
      .sort((a, b) => area(a.box) - area(b.box))[0];
    expect(elephant).toBeDefined();
    // Where the frame is on screen: the picture covers the screen (object-fit: cover).
    const scale = Math.max(PORTRAIT.width / detail.width, PORTRAIT.height / detail.height);
    const ox = (PORTRAIT.width - detail.width * scale) / 2;
    const oy = (PORTRAIT.height - detail.height * scale) / 2;
    const onScreen = (b: Box): Box => [ox + b[0] * scale, oy + b[1] * scale, ox + b[2] * scale, oy + b[3] * scale];
    const others = detail.detections
      .filter((d) => d !== elephant && area(d.box) <= area(elephant.box))
      .map((d) => onScreen(d.box));
    const [x1, y1, x2, y2] = onScreen(elephant.box);
    // A point of the elephant's box that no other box covers, away from the controls.
    let point: [number, number] | null = null;
    for (let y = Math.max(y1, 180); y < Math.min(y2, PORTRAIT.height - 260) && !point; y += 10) {
      for (let x = Math.max(x1, 20); x < Math.min(x2, PORTRAIT.width - 20) && !point; x += 10) {
        if (!others.some((o) => x >= o[0] - 12 && x <= o[2] + 12 && y >= o[1] - 12 && y <= o[3] + 12)) point = [x, y];
      }
    }
    expect(point, 'a spot of the elephant to tap').not.toBeNull();
    await page.touchscreen.tap(point![0], point![1]);
    await expect(page.getByTestId('box-tag')).toHaveText(/^\s*elephant \d+%\s*$/);
    // Tapping where there is no box hides it.
    await page.touchscreen.tap(PORTRAIT.width / 2, 200);
    const tagged = await page.getByTestId('box-tag').count();
    if (tagged) await expect(page.getByTestId('box-tag')).not.toHaveText(/elephant/);
  });

  test('a torch button appears when the camera has a torch, and switches it', FULL_ONLY, async ({ page }) => {
    // The fake camera has no torch: give its tracks one, and record what the app asks of it.
    await page.addInitScript(() => {
      const calls: string[] = [];
      (globalThis as unknown as { torchCalls: string[] }).torchCalls = calls;
      const proto = MediaStreamTrack.prototype as MediaStreamTrack & { torchOn?: boolean };
      // The originals, kept to be called on each track (`this`) by the replacements below.
      const original = <K extends 'getCapabilities' | 'getSettings'>(name: K) =>
        Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, name)!.value as (
          this: MediaStreamTrack,
        ) => ReturnType<MediaStreamTrack[K]>;
      const capabilities = original('getCapabilities');
      const settings = original('getSettings');
      proto.getCapabilities = function (this: MediaStreamTrack) {
        return { ...capabilities.call(this), torch: true } as MediaTrackCapabilities;
      };
      proto.applyConstraints = function (this: MediaStreamTrack & { torchOn?: boolean }, c?: MediaTrackConstraints) {
        calls.push(JSON.stringify(c));
        this.torchOn = (c?.advanced?.[0] as { torch?: boolean } | undefined)?.torch;
        return Promise.resolve();
      };
      proto.getSettings = function (this: MediaStreamTrack & { torchOn?: boolean }) {
        return { ...settings.call(this), ...(this.torchOn === undefined ? {} : { torch: this.torchOn }) };
      };
    });
    await openApp(page);
    const torch = page.getByRole('button', { name: 'Torch' });
    await expect(torch).toHaveAttribute('aria-pressed', 'false');
    await torch.tap();
    await expect(torch).toHaveAttribute('aria-pressed', 'true');
    await torch.tap();
    await expect(torch).toHaveAttribute('aria-pressed', 'false');
    expect(await page.evaluate(() => (globalThis as unknown as { torchCalls: string[] }).torchCalls)).toEqual([
      JSON.stringify({ advanced: [{ torch: true }] }),
      JSON.stringify({ advanced: [{ torch: false }] }),
    ]);
  });

  test('without a torch there is no torch button', FULL_ONLY, async ({ page }) => {
    await openApp(page);
    await expect(page.getByRole('button', { name: 'Flip camera' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Torch' })).toHaveCount(0);
  });

  test(
    'the screen stays on while detecting; a hidden page releases the camera and stops the worker, and both resume',
    FULL_ONLY,
    async ({ page }) => {
      await openApp(page);
      const app = () =>
        page.evaluate(() => {
          const el = document.querySelector('detector-app')!;
          const video = el.shadowRoot!.querySelector('source-view')!.video;
          const stream = video.srcObject as MediaStream | null;
          // What the About panel is given to show.
          return {
            wakeLock: el.shadowRoot!.querySelector('about-device')!.wakeLock,
            live: stream?.getVideoTracks().some((t) => t.readyState === 'live') ?? false,
          };
        });
      await expect.poll(app).toEqual({ wakeLock: 'yes (while detecting)', live: true });
      await page.getByRole('button', { name: 'About' }).tap();
      await expect(page.locator('[data-key="wake-lock"]')).toHaveText('yes (while detecting)');
      await page.getByRole('button', { name: 'Close' }).tap();

      // Headless Chromium never hides a page: say it is hidden the way the browser does (visibilitychange).
      const setHidden = (hidden: boolean) =>
        page.evaluate((h) => {
          Object.defineProperty(document, 'visibilityState', {
            configurable: true,
            get: () => (h ? 'hidden' : 'visible'),
          });
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      const countDetections = (ms: number) =>
        page.evaluate(
          (wait) =>
            new Promise<number>((resolve) => {
              let n = 0;
              const app = document.querySelector('detector-app')!;
              const count = () => n++;
              app.addEventListener('detections', count);
              setTimeout(() => (app.removeEventListener('detections', count), resolve(n)), wait);
            }),
          ms,
        );

      await setHidden(true);
      await expect.poll(app).toEqual({ wakeLock: 'not needed (not detecting)', live: false });
      await page.waitForTimeout(500); // a frame already in the worker may still finish
      expect(await countDetections(2000)).toBe(0);

      await setHidden(false);
      await expect.poll(app).toEqual({ wakeLock: 'yes (while detecting)', live: true });
      expect((await nextDetections(page)).detections.length).toBeGreaterThan(0);
    },
  );
});
