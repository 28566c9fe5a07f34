import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { CAMERA_IMAGE, COCO_DIR, FAKE_CAMERA, groundTruth, VIDEO_CLIP } from '../support/coco';
import { expectAppUsable, iou, messages, nextDetections, nextDetectionsOf, overlayInk } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

// The fake camera shows a COCO image; detection runs on WASM (no WebGPU adapter without the unsafe flag).
test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});

test('live camera frames get boxes of the right classes where the objects are', async ({ page }) => {
  await page.goto('/');
  const detail = await nextDetections(page, 2);
  expect(detail.backend).toBe('wasm');
  const allTruth = groundTruth(CAMERA_IMAGE);
  const truth = allTruth.filter((t) => t.area > 96 * 96);
  expect(truth.length).toBeGreaterThanOrEqual(2);
  // The fake camera may deliver the picture at another size: compare in image pixels.
  const [imageWidth, imageHeight] = [640, 406];
  const sx = imageWidth / detail.width;
  const sy = imageHeight / detail.height;
  const found = detail.detections.map((d) => ({
    ...d,
    box: [d.box[0] * sx, d.box[1] * sy, d.box[2] * sx, d.box[3] * sy] as typeof d.box,
  }));
  for (const object of truth) {
    const best = Math.max(0, ...found.filter((d) => d.label === object.label).map((d) => iou(d.box, object.box)));
    expect(best, `${object.label} at ${object.box.map(Math.round).join(',')}`).toBeGreaterThanOrEqual(0.5);
  }
  for (const d of found.filter((f) => f.score >= 0.5)) {
    const best = Math.max(0, ...allTruth.filter((t) => t.label === d.label).map((t) => iou(d.box, t.box)));
    expect(best, `confident ${d.label} at ${d.box.map(Math.round).join(',')} matches nothing`).toBeGreaterThanOrEqual(
      0.5,
    );
  }
  // The boxes are drawn and the HUD names the backend.
  await expect.poll(() => overlayInk(page)).toBeGreaterThan(500);
  await expect(page.getByTestId('backend')).toHaveText('wasm');
});

// Other formats live on the same fake camera: a DETR (NMS-free, plain resize, two inputs, three outputs) and the SSD
// face model (background column, its own label). Boxes are compared in image pixels, as above.
// Both are left to test:full: in npm test their decoders are checked against the GPU path on recorded outputs
// (gpu-nms.spec.ts) and their boxes on shared images in Node (tests/unit/detection/model.built-in-models.test.ts).
for (const model of ['deimv2-atto-320', 'ultraface-rfb-320'] as const) {
  test(`${model} live on the camera: the model's own boxes, where the objects are`, FULL_ONLY, async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    await expectAppUsable(page);
    await page.getByRole('combobox', { name: 'Model' }).selectOption(model);
    const face = model === 'ultraface-rfb-320';
    // Frames of the previous model may still arrive: wait for this model's labels.
    const detail = await nextDetectionsOf(page, (d) => d.detections.some((x) => (x.label === 'face') === face), 200);
    expect(detail.backend).toBe('wasm');
    const [sx, sy] = [640 / detail.width, 406 / detail.height];
    const found = detail.detections.map((d) => ({
      ...d,
      box: [d.box[0] * sx, d.box[1] * sy, d.box[2] * sx, d.box[3] * sy] as typeof d.box,
    }));
    const allTruth = groundTruth(CAMERA_IMAGE);
    if (face) {
      // One person faces the camera: one confident face, inside that person's box, and nothing else.
      const person = allTruth.find((t) => t.label === 'person')!;
      const faces = found.filter((d) => d.score >= 0.7);
      expect(faces.map((d) => d.label)).toEqual(['face']);
      const [x1, y1, x2, y2] = faces[0].box;
      expect(
        x1 >= person.box[0] - 5 && y1 >= person.box[1] - 5 && x2 <= person.box[2] + 5 && y2 <= person.box[3] + 5,
        `face ${faces[0].box.map(Math.round).join(',')}`,
      ).toBe(true);
    } else {
      for (const object of allTruth.filter((t) => t.area > 96 * 96)) {
        const best = Math.max(0, ...found.filter((d) => d.label === object.label).map((d) => iou(d.box, object.box)));
        expect(best, `${object.label} at ${object.box.map(Math.round).join(',')}`).toBeGreaterThanOrEqual(0.5);
      }
    }
    await expect.poll(() => overlayInk(page)).toBeGreaterThan(200);
    await expect(messages(page)).toHaveCount(0);
  });
}

test(
  'the page keeps running while it detects: frames keep coming and the stage timings add up',
  FULL_ONLY,
  async ({ page }) => {
    await page.goto('/');
    const first = await nextDetections(page);
    const later = await nextDetections(page);
    expect(later.frame).toBeGreaterThan(first.frame);
    const t = later.timings;
    expect(t.total).toBeGreaterThanOrEqual(t.capture + t.preprocess + t.inference + t.postprocess - 0.5);
    // The main thread is free: a timer scheduled now fires promptly even though inference is running.
    const lag = await page.evaluate(
      () =>
        new Promise<number>((r) => {
          const t0 = performance.now();
          setTimeout(() => r(performance.now() - t0), 0);
        }),
    );
    expect(lag).toBeLessThan(100);
  },
);

test('thresholds and the class filter change what is reported and survive a reload', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  const score = page.getByRole('slider', { name: 'Score' });
  await score.fill('0.9');
  // A frame already in flight may still use the old threshold; the ones after it may not.
  await expect
    .poll(async () => Math.min(1, ...(await nextDetections(page, 0)).detections.map((d) => d.score)))
    .toBeGreaterThan(0.9);
  await page.getByText(/^Classes:/).click();
  await page.getByRole('button', { name: 'None' }).click();
  await page.getByRole('checkbox', { name: 'elephant' }).check();
  await score.fill('0.3');
  await expect
    .poll(async () => {
      const d = await nextDetections(page, 0);
      return [...new Set(d.detections.map((x) => x.label))].join(',');
    })
    .toBe('elephant');
  await page.reload();
  await expect(page.getByRole('slider', { name: 'Score' })).toHaveValue('0.3');
  await expect(page.getByText('Classes: 1 of 80')).toBeVisible();
});

test('a still image from the file picker gets boxes', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  const picked = nextDetections(page);
  await page.getByTestId('image-file').setInputFiles(resolve(COCO_DIR, 'images', CAMERA_IMAGE));
  const detail = await picked;
  expect([detail.width, detail.height]).toEqual([640, 406]);
  expect(detail.detections.map((d) => d.label)).toContain('elephant');
});

test('a video file plays and its frames get boxes', async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  await page.getByTestId('video-file').setInputFiles(VIDEO_CLIP);
  // The clip is 480x304, unlike the camera: wait for two of its frames.
  const fromClip = () => nextDetectionsOf(page, (d) => d.width === 480 && d.height === 304);
  const first = await fromClip();
  const second = await fromClip();
  expect(second.frame).toBeGreaterThan(first.frame);
  expect(second.detections.map((d) => d.label)).toEqual(expect.arrayContaining(['elephant', 'person']));
});

test('your own .onnx from the file picker replaces the model and detects', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  // A built-in file under another name: the layout is recognised from the graph, not the name.
  await page.getByTestId('model-file').setInputFiles({
    name: 'my-detector.onnx',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(resolve(import.meta.dirname, '../../public/models/yolo11n-320.onnx')),
  });
  await expect(messages(page).filter({ hasText: 'my-detector.onnx runs on WASM' })).toBeVisible();
  const detail = await nextDetections(page);
  expect(detail.detections.map((d) => d.label)).toContain('elephant');
});

test('a corrupt model file gets a clear message and the previous model keeps running', async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  const corrupt = Buffer.from(readFileSync(resolve(COCO_DIR, 'images', CAMERA_IMAGE)).subarray(0, 4096));
  await page
    .getByTestId('model-file')
    .setInputFiles({ name: 'broken.onnx', mimeType: 'application/octet-stream', buffer: corrupt });
  await expect(messages(page).filter({ hasText: 'broken.onnx' })).toContainText('not a valid ONNX model');
  await expect(messages(page).filter({ hasText: 'broken.onnx' })).toContainText('keeps running');
  const after = await nextDetections(page);
  expect(after.detections.length).toBeGreaterThan(0);
  await expectAppUsable(page);
});
