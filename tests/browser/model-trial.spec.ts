import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { buildOnnxModel } from '../support/onnx-builder';
import { defaultModel } from '../../scripts/lib/models';
import { expectAppUsable, messages, nextDetections } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});

const ROWS = 2100; // YOLOX at 320: 40² + 20² + 10² anchors

/**
 * A file that parses and looks like a YOLOX-320 detector ([1, 2100, 85] output). With `failsAtRun` it reshapes the
 * image to a shape computed from its pixels ([7 + max, -1]), which onnxruntime accepts when it loads the file and
 * refuses on every frame; `opset` stamps its opset.
 */
function lookalikeDetector({ failsAtRun = false, opset = 13 }: { failsAtRun?: boolean; opset?: number }): Buffer {
  return Buffer.from(
    buildOnnxModel({
      opset,
      inputs: [{ name: 'images', type: 'float32', shape: [1, 3, 320, 320] }],
      outputs: [{ name: 'output', type: 'float32', shape: [1, ROWS, 85] }],
      nodes: [
        ...(failsAtRun
          ? [
              { op: 'ReduceMax', inputs: ['images'], outputs: ['mx'], attributes: { keepdims: 0 } },
              { op: 'Cast', inputs: ['mx'], outputs: ['mxi'], attributes: { to: 7 } },
              { op: 'Reshape', inputs: ['mxi', 'one_shape'], outputs: ['mx1'] },
              { op: 'Add', inputs: ['mx1', 'seven'], outputs: ['d0'] },
              { op: 'Concat', inputs: ['d0', 'minus_one'], outputs: ['bad_shape'], attributes: { axis: 0 } },
              { op: 'Reshape', inputs: ['images', 'bad_shape'], outputs: ['r'] },
            ]
          : [{ op: 'Identity', inputs: ['images'], outputs: ['r'] }]),
        { op: 'ReduceMax', inputs: ['r'], outputs: ['m'], attributes: { keepdims: 0 } },
        { op: 'Mul', inputs: ['m', 'zero'], outputs: ['z'] },
        { op: 'Add', inputs: ['value', 'z'], outputs: ['output'] },
      ],
      initializers: [
        { name: 'one_shape', type: 'int64', dims: [1], data: [1] },
        { name: 'seven', type: 'int64', dims: [1], data: [7] },
        { name: 'minus_one', type: 'int64', dims: [1], data: [-1] },
        { name: 'zero', type: 'float32', dims: [], data: [0] },
        { name: 'value', type: 'float32', dims: [1, ROWS, 85], data: new Float32Array(ROWS * 85) },
      ],
    }),
  );
}

async function openModelFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('model-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

test('a model that cannot run a frame is refused before it replaces the running one; detection goes on', async ({
  page,
}) => {
  await page.goto('/');
  await nextDetections(page);
  await openModelFile(page, 'runs-no-frame.onnx', lookalikeDetector({ failsAtRun: true }));
  const said = messages(page).filter({ hasText: 'runs-no-frame.onnx' });
  await expect(said).toContainText('could not detect on a test frame');
  await expect(said).toContainText('cannot be reshaped');
  await expect(said).not.toContainText('onnxruntime::');
  await expect(said).toContainText('keeps running');
  // The previous model still detects the camera's person.
  const after = await nextDetections(page);
  expect(after.detections.map((d) => d.label)).toContain('person');
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(defaultModel().id);
  await expectAppUsable(page);
});

test("an unsupported opset is said in words, without onnxruntime's C++ text", FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  await openModelFile(page, 'future-opset.onnx', lookalikeDetector({ opset: 99 }));
  const said = messages(page).filter({ hasText: 'opset 99' });
  await expect(said).toContainText('newer than this onnxruntime can run');
  await expect(said).not.toContainText('onnxruntime::');
  await expect(said).not.toContainText('.h:');
  await nextDetections(page);
});

test('a relative model URL, as the placeholder shows, loads', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  await page.getByRole('textbox', { name: 'Model URL' }).fill('/models/yolox-nano-320.onnx');
  await page.getByRole('button', { name: 'Load URL' }).click();
  await expect(messages(page).filter({ hasText: '/models/yolox-nano-320.onnx runs on WASM' })).toBeVisible();
  await nextDetections(page);
});

test(
  'a saved model id that no longer exists falls back to the default model and says so',
  FULL_ONLY,
  async ({ page }) => {
    await page.addInitScript(() => {
      // Once: the reload below must find what the app saved, not this again.
      if (sessionStorage.getItem('stale-model-seeded')) return;
      sessionStorage.setItem('stale-model-seeded', '1');
      const saved = JSON.parse(localStorage.getItem('detector-settings-v1') ?? '{}') as Record<string, unknown>;
      localStorage.setItem(
        'detector-settings-v1',
        JSON.stringify({ ...saved, modelId: 'a-model-removed-from-the-catalogue' }),
      );
    });
    await page.goto('/');
    await expect(messages(page).filter({ hasText: 'a-model-removed-from-the-catalogue' })).toContainText(
      'is used instead',
    );
    await nextDetections(page);
    // Remembered: the next load is clean.
    await page.reload();
    await nextDetections(page);
    await expect(messages(page).filter({ hasText: 'no longer available' })).toHaveCount(0);
  },
);
