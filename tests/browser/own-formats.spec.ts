import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { constantOutputsModel } from '../support/onnx-builder';
import { messages, nextDetectionsOf, overlayInk } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

// Layouts of exporters we have no real file of: small graphs in that layout (tests/support/onnx-builder.ts),
// picked as the user's own file, through the whole app (worker, recognition, uint8 NHWC pre-processing, WASM).
test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});

/** A TF Object Detection API export as tf2onnx writes it: uint8 [1,H,W,3] of any size, already-suppressed slots. */
function tfObjectDetectionGraph(): Buffer {
  const bytes = constantOutputsModel({ name: 'input_tensor', type: 'uint8', shape: [1, 'height', 'width', 3] }, [
    // y1, x1, y2, x2 normalised; the last slot is padding past num_detections.
    {
      name: 'detection_boxes',
      type: 'float32',
      dims: [1, 4, 4],
      data: [0.1, 0.2, 0.6, 0.5, 0.3, 0.55, 0.9, 0.95, 0, 0, 1, 1, 0, 0, 1, 1],
    },
    { name: 'detection_classes', type: 'float32', dims: [1, 4], data: [22, 3, 1, 1] }, // elephant, car, person, person
    { name: 'detection_scores', type: 'float32', dims: [1, 4], data: [0.93, 0.64, 0.05, 0.99] },
    { name: 'num_detections', type: 'float32', dims: [1], data: [3] },
  ]);
  return Buffer.from(bytes);
}

test('a generated TF Object Detection API graph picked as your own model: its boxes are reported and drawn', async ({
  page,
}) => {
  await page.goto('/');
  await nextDetectionsOf(page, () => true);
  await page.getByTestId('model-file').setInputFiles({
    name: 'tf-od-export.onnx',
    mimeType: 'application/octet-stream',
    buffer: tfObjectDetectionGraph(),
  });
  await expect(messages(page).filter({ hasText: 'tf-od-export.onnx runs on WASM' })).toBeVisible();
  // The first result of the new model: exactly the graph's two slots above the threshold, in frame pixels.
  const detail = await nextDetectionsOf(page, (d) => d.detections.some((x) => x.label === 'car'));
  expect(detail.detections.map((d) => d.label)).toEqual(['elephant', 'car']);
  const relative = detail.detections.map((d) => [
    d.box[0] / detail.width,
    d.box[1] / detail.height,
    d.box[2] / detail.width,
    d.box[3] / detail.height,
  ]);
  const expected = [
    [0.2, 0.1, 0.5, 0.6],
    [0.55, 0.3, 0.95, 0.9],
  ];
  for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) expect(relative[i][k]).toBeCloseTo(expected[i][k], 3);
  expect(detail.detections[0].score).toBeCloseTo(0.93, 5);
  await expect.poll(() => overlayInk(page)).toBeGreaterThan(500);
});

/** A Hugging Face DETR export with 2 classes and every dim symbolic (the engine's trial run resolves them). */
function hfDetrGraph(): Buffer {
  const logit = (p: number) => Math.log(p / (1 - p));
  const bytes = constantOutputsModel(
    { name: 'pixel_values', type: 'float32', shape: ['batch', 3, 'height', 'width'] },
    [
      // Query 0: class 1 at 0.9; query 1: class 0 at 0.7; query 2: nothing.
      {
        name: 'logits',
        type: 'float32',
        shape: ['batch', 'queries', 2],
        dims: [1, 3, 2],
        data: [logit(0.05), logit(0.9), logit(0.7), -9, -9, -9],
      },
      {
        name: 'pred_boxes',
        type: 'float32',
        shape: ['batch', 'queries', 4],
        dims: [1, 3, 4],
        data: [0.5, 0.5, 0.4, 0.2, 0.25, 0.75, 0.1, 0.3, 0.5, 0.5, 1, 1],
      },
    ],
  );
  return Buffer.from(bytes);
}

test(
  'a generated Hugging Face DETR graph picked with a labels file: the labels name its classes',
  FULL_ONLY,
  async ({ page }) => {
    await page.goto('/');
    await nextDetectionsOf(page, () => true);
    await page.getByTestId('model-file').setInputFiles([
      { name: 'hf-detr.onnx', mimeType: 'application/octet-stream', buffer: hfDetrGraph() },
      { name: 'labels.txt', mimeType: 'text/plain', buffer: Buffer.from('widget\ngadget\n') },
    ]);
    await expect(messages(page).filter({ hasText: 'hf-detr.onnx runs on WASM' })).toBeVisible();
    const detail = await nextDetectionsOf(page, (d) => d.detections.some((x) => x.label === 'gadget'));
    expect(detail.detections.map((d) => d.label)).toEqual(['gadget', 'widget']);
    const [gadget] = detail.detections;
    const relative = [
      gadget.box[0] / detail.width,
      gadget.box[1] / detail.height,
      gadget.box[2] / detail.width,
      gadget.box[3] / detail.height,
    ];
    [0.3, 0.4, 0.7, 0.6].forEach((v, k) => expect(relative[k]).toBeCloseTo(v, 3));
  },
);

test('a bad labels file gets a clear message and the running model keeps running', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetectionsOf(page, () => true);
  await page.getByTestId('model-file').setInputFiles([
    { name: 'hf-detr.onnx', mimeType: 'application/octet-stream', buffer: hfDetrGraph() },
    { name: 'labels.json', mimeType: 'application/json', buffer: Buffer.from('["widget", ') },
  ]);
  await expect(messages(page).filter({ hasText: 'labels.json' })).toContainText('not valid JSON');
  await expect(messages(page).filter({ hasText: 'labels.json' })).toContainText('keeps running');
  const after = await nextDetectionsOf(page, (d) => d.detections.length > 0);
  expect(after.detections.some((d) => d.label === 'widget' || d.label === 'gadget')).toBe(false);
});
