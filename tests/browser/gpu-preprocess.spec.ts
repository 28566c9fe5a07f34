import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { COCO_DIR } from '../support/coco';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: true }) } });

// Landscape and portrait COCO frames, through every pre-processing variant the formats use: float32 NCHW and NHWC
// (within float32 rounding of the CPU) and uint8 NCHW and NHWC (byte for byte), letterboxed and stretched.
const IMAGES = ['000000519208.jpg', '000000458255.jpg'];

test('preprocess.wgsl writes the same model input as the CPU reference', async ({ page }) => {
  await page.route('**/__images/*', (route) =>
    route.fulfill({
      body: readFileSync(resolve(COCO_DIR, 'images', route.request().url().split('/').pop()!)),
      contentType: 'image/jpeg',
    }),
  );
  await page.goto('/harness.html');
  const report = await page.evaluate(async (images) => {
    const { GpuPreprocess } = (await import(
      `${'/src/gpu/preprocess-pipeline.ts'}`
    )) as typeof import('../../src/gpu/preprocess-pipeline');
    const { preprocessRgba } = (await import(
      `${'/src/detection/preprocess.ts'}`
    )) as typeof import('../../src/detection/preprocess');
    const { computeLetterbox } = (await import(
      `${'/src/detection/letterbox.ts'}`
    )) as typeof import('../../src/detection/letterbox');
    const { yolox } = (await import(
      `${'/src/detection/formats/yolox.ts'}`
    )) as typeof import('../../src/detection/formats/yolox');
    const { ultralyticsPreprocess } = (await import(
      `${'/src/detection/formats/ultralytics.ts'}`
    )) as typeof import('../../src/detection/formats/ultralytics');
    const { stretchRgbPreprocess } = (await import(
      `${'/src/detection/formats/detr.ts'}`
    )) as typeof import('../../src/detection/formats/detr');
    const { ssdPreprocess } = (await import(
      `${'/src/detection/formats/ssd.ts'}`
    )) as typeof import('../../src/detection/formats/ssd');
    const { stretchPreprocess } = (await import(
      `${'/src/detection/formats/format.ts'}`
    )) as typeof import('../../src/detection/formats/format');
    const adapter = await navigator.gpu.requestAdapter();
    const device = await adapter!.requestDevice();
    // The formats' specs depend only on the input size: a layout stub carries it.
    const sized = (width: number, height: number) => ({ inputWidth: width, inputHeight: height }) as never;
    const specs = [
      { name: 'yolox 416', spec: yolox.preprocess(sized(416, 416)) },
      { name: 'ultralytics 640', spec: ultralyticsPreprocess(sized(640, 640)) },
      {
        name: 'ultralytics 320x256 + mean/std',
        spec: { ...ultralyticsPreprocess(sized(320, 256)), mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
      },
      { name: 'detr plain resize 320', spec: stretchRgbPreprocess(320, 320) },
      { name: 'ssd plain resize 320x240 (x - 127) / 128', spec: ssdPreprocess(320, 240) },
      { name: 'ultralytics 320x256 NHWC float', spec: { ...ultralyticsPreprocess(sized(320, 256)), layout: 'nhwc' } },
      {
        name: 'tf-od plain resize 320x240 NHWC float 0..255',
        spec: stretchPreprocess(320, 240, { scale: 1, mean: [0, 0, 0], std: [1, 1, 1], layout: 'nhwc' }),
      },
      // uint8: the TF Object Detection API's input, and letterboxes with padding (BGR, pad 114, centred).
      {
        name: 'tf-od plain resize 320x240 NHWC uint8',
        spec: stretchPreprocess(320, 240, {
          scale: 1,
          mean: [0, 0, 0],
          std: [1, 1, 1],
          layout: 'nhwc',
          dtype: 'uint8',
        }),
      },
      { name: 'yolox 416 NCHW uint8', spec: { ...yolox.preprocess(sized(416, 416)), dtype: 'uint8' } },
      // Odd sizes: words straddle pixels (NHWC) and channel planes (NCHW).
      {
        name: 'plain resize 301x199 NCHW uint8',
        spec: { ...stretchRgbPreprocess(301, 199), dtype: 'uint8' },
      },
      {
        name: 'ultralytics 333x201 NHWC uint8',
        spec: { ...ultralyticsPreprocess(sized(333, 201)), layout: 'nhwc', dtype: 'uint8' },
      },
    ] as const;
    const rows = [];
    for (const image of images) {
      const bitmap = await createImageBitmap(await (await fetch(`/__images/${image}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      for (const { name, spec } of specs) {
        const letterbox = computeLetterbox(bitmap.width, bitmap.height, spec);
        const uint8 = spec.dtype === 'uint8';
        const length = 3 * spec.width * spec.height;
        const cpu = preprocessRgba(
          rgba,
          letterbox,
          spec as never,
          uint8 ? new Uint8Array(length) : new Float32Array(length),
        );
        const gpu = new GpuPreprocess(device, spec as never);
        const staging = device.createBuffer({
          size: gpu.input.size,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        });
        const encoder = device.createCommandEncoder();
        gpu.encode(encoder, bitmap, letterbox);
        encoder.copyBufferToBuffer(gpu.input, 0, staging, 0, gpu.input.size);
        device.queue.submit([encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        const bytes = staging.getMappedRange().slice(0);
        const out = uint8 ? new Uint8Array(bytes, 0, length) : new Float32Array(bytes, 0, length);
        staging.unmap();
        gpu.destroy();
        let maxDiff = 0;
        let range = 0;
        let differing = 0;
        for (let i = 0; i < cpu.length; i++) {
          const diff = Math.abs(cpu[i] - out[i]);
          if (!(diff === 0)) differing++;
          maxDiff = Math.max(maxDiff, diff);
          range = Math.max(range, Math.abs(cpu[i]));
        }
        rows.push({ image, name, uint8, maxDiff, differing, range, length: out.length, dims: gpu.dims.join('x') });
      }
    }
    return rows;
  }, IMAGES);
  for (const row of report)
    console.log(
      `${row.image} ${row.name} [${row.dims}]: largest difference ${row.maxDiff.toExponential(1)} (range ${row.range.toFixed(2)}), ${row.differing} of ${row.length} values differ`,
    );
  for (const row of report) {
    if (row.uint8) {
      // uint8: the same bytes as the CPU, every one.
      expect(row.differing, `${row.image} ${row.name}`).toBe(0);
      continue;
    }
    // Differences are float32 rounding only: a millionth of the value range (0..255 or 0..1 or normalised).
    expect(row.maxDiff, `${row.image} ${row.name}`).toBeLessThan(row.range * 4e-6);
  }
  expect(report.length).toBeGreaterThan(0);
});
