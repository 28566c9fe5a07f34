import { postprocess, type ModelDescription } from '../detection/model';
import { unpackOutputs } from '../detection/output-packing';
import { preprocessRgba } from '../detection/preprocess';
import { MAX_DETECTIONS_LIMIT, type Letterbox, type PostprocessOptions } from '../detection/types';
import { GpuPostprocess, type GpuPostprocessParams } from '../gpu/postprocess-pipeline';
import { GpuPreprocess } from '../gpu/preprocess-pipeline';
import { FramePixels } from '../engine/frame-pixels';

/** One recorded model output (scripts/record-outputs.ts) and the image it came from. */
export interface ShaderCase {
  outputUrl: string;
  imageUrl: string;
  letterbox: Letterbox;
}

/** Per image: median ms of the shader and of the CPU version on the same input. */
export interface ShaderSample {
  preprocess: { gpuMs: number; cpuMs: number };
  nms: { gpuMs: number; cpuMs: number; detections: number };
  readbackBytes: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function timeRuns(runs: number, once: () => unknown): Promise<number> {
  await once(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * The GPU post-processing alone (encode + submit + mapAsync read, the output already on the GPU) against the CPU
 * postprocess() on the same output: median ms of `runs` after a warm-up run each.
 */
async function measurePostprocess(
  device: GPUDevice,
  model: ModelDescription,
  output: Float32Array,
  letterbox: Letterbox,
  options: PostprocessOptions,
  runs: number,
): Promise<{ gpuMs: number; cpuMs: number; readbackBytes: number; detections: number }> {
  // The app's capacity, so readbackBytes is what a frame really reads back.
  const post = GpuPostprocess.create(device, model.outputLayout, { maxDetections: MAX_DETECTIONS_LIMIT });
  const params: GpuPostprocessParams = { ...options, classes: options.classes ?? null, letterbox };
  const buffer = device.createBuffer({
    label: 'bench model output',
    size: post.outputBytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  try {
    if (output.length * 4 !== post.outputBytes)
      throw new Error(`${output.length} floats recorded, the layout has ${post.outputBytes / 4}`);
    device.queue.writeBuffer(buffer, 0, output.buffer, output.byteOffset, output.byteLength);
    let detections = 0;
    const gpuMs = await timeRuns(runs, async () => {
      const encoder = device.createCommandEncoder();
      post.encode(encoder, buffer, params);
      device.queue.submit([encoder.finish()]);
      detections = (await post.read()).length;
    });
    const cpuMs = await timeRuns(runs, () =>
      postprocess(unpackOutputs(model.outputLayout, output), model, letterbox, options),
    );
    return { gpuMs, cpuMs, readbackBytes: post.readbackBytes, detections };
  } finally {
    buffer.destroy();
    post.destroy();
  }
}

/**
 * The two shaders alone against their CPU versions, on a device of its own (no model session):
 * preprocess.wgsl from an ImageBitmap vs preprocessRgba() from its pixels; the NMS shaders on a recorded
 * output already on the GPU (timed to the result read back) vs the CPU postprocess() on the same output.
 */
export async function runShaderBench(
  model: ModelDescription,
  cases: ShaderCase[],
  options: PostprocessOptions,
  runs: number,
): Promise<ShaderSample[]> {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('No WebGPU adapter: run Chromium with --enable-unsafe-webgpu');
  const device = await adapter.requestDevice();
  const gpuPreprocess = new GpuPreprocess(device, model.preprocess);
  const { width, height } = model.preprocess;
  const input = new Float32Array(3 * width * height);
  const pixels = new FramePixels();
  const samples: ShaderSample[] = [];
  try {
    for (const c of cases) {
      const bitmap = await createImageBitmap(await (await fetch(c.imageUrl)).blob());
      const { rgba } = pixels.read(bitmap);
      const preprocess = {
        gpuMs: await timeRuns(runs, async () => {
          const encoder = device.createCommandEncoder();
          gpuPreprocess.encode(encoder, bitmap, c.letterbox);
          device.queue.submit([encoder.finish()]);
          await device.queue.onSubmittedWorkDone();
        }),
        cpuMs: await timeRuns(runs, () => preprocessRgba(rgba, c.letterbox, model.preprocess, input)),
      };
      bitmap.close();
      const output = new Float32Array(await (await fetch(c.outputUrl)).arrayBuffer());
      const nms = await measurePostprocess(device, model, output, c.letterbox, options, runs);
      samples.push({
        preprocess,
        nms: { gpuMs: nms.gpuMs, cpuMs: nms.cpuMs, detections: nms.detections },
        readbackBytes: nms.readbackBytes,
      });
    }
    return samples;
  } finally {
    gpuPreprocess.destroy();
    device.destroy();
  }
}
