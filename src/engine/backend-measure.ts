import type * as ort from 'onnxruntime-web';
import type { ModelDescription } from '../detection/model';
import { DEFAULT_OPTIONS } from '../detection/types';
import { createWasmSession, messageOf } from './backend';
import { describeTimes, fasterBackend, median, type BackendTimes } from './backend-choice';
import { CpuPipeline } from './cpu-pipeline';
import type { FramePipeline } from './pipeline';
import type { BackendInfo } from './types';

/** A loaded model on one backend, ready to run frames. */
export interface LoadedBackend {
  session: ort.InferenceSession;
  pipeline: FramePipeline;
  backend: BackendInfo;
}

/** Timed frames per backend after one warm-up frame: enough for a median, short enough not to delay the start. */
const TIMED_RUNS = 3;
/** A camera-like frame size, so that capture and pre-processing cost what they cost on a camera. */
const PROBE_WIDTH = 640;
const PROBE_HEIGHT = 480;

/**
 * "auto" on a WebGPU adapter: loads the same model on WASM, times a few warm frames of each whole pipeline
 * (capture to boxes) and keeps the faster; the other is released. Both times go into `backend.measured`.
 */
export async function keepFasterThanWasm(
  webgpu: LoadedBackend,
  bytes: Uint8Array,
  description: ModelDescription,
): Promise<LoadedBackend> {
  let wasm: LoadedBackend;
  try {
    const created = await createWasmSession(bytes, '"auto" timed both backends on this model and WASM was faster');
    wasm = {
      session: created.session,
      pipeline: new CpuPipeline(created.session, description),
      backend: created.backend,
    };
  } catch (error) {
    return withReason(webgpu, `${webgpu.backend.reason}; WASM could not be timed against it (${messageOf(error)})`);
  }
  const frame = await probeFrame();
  let times: BackendTimes;
  try {
    const webgpuMs = await timeFrames(webgpu.pipeline, frame).catch(() => Infinity);
    times = { webgpu: webgpuMs, wasm: await timeFrames(wasm.pipeline, frame) };
  } catch (error) {
    await release(wasm);
    return withReason(webgpu, `${webgpu.backend.reason}; WASM failed while being timed (${messageOf(error)})`);
  } finally {
    frame.close();
  }
  const measured = { wasmMs: times.wasm, webgpuMs: times.webgpu, text: describeTimes(times) };
  if (fasterBackend(times) === 'wasm') {
    await release(webgpu);
    return { ...wasm, backend: { ...wasm.backend, measured } };
  }
  await release(wasm);
  return {
    ...webgpu,
    backend: {
      ...webgpu.backend,
      reason: `${webgpu.backend.reason}; "auto" timed both backends on this model and WebGPU was faster`,
      measured,
    },
  };
}

/** Median wall time of whole frames (capture, pre-processing, inference, post-processing) after a warm-up. */
async function timeFrames(pipeline: FramePipeline, frame: ImageBitmap): Promise<number> {
  await pipeline.run(frame, DEFAULT_OPTIONS);
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = performance.now();
    await pipeline.run(frame, DEFAULT_OPTIONS);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** A frame with some structure (a gradient), not a flat colour, so that nothing is faster than on a real picture. */
async function probeFrame(): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(PROBE_WIDTH, PROBE_HEIGHT);
  const context = canvas.getContext('2d')!;
  const gradient = context.createLinearGradient(0, 0, PROBE_WIDTH, PROBE_HEIGHT);
  gradient.addColorStop(0, '#203040');
  gradient.addColorStop(1, '#d0c0a0');
  context.fillStyle = gradient;
  context.fillRect(0, 0, PROBE_WIDTH, PROBE_HEIGHT);
  return createImageBitmap(canvas);
}

async function release(loaded: LoadedBackend): Promise<void> {
  loaded.pipeline.destroy();
  await loaded.session.release();
}

function withReason(loaded: LoadedBackend, reason: string): LoadedBackend {
  return { ...loaded, backend: { ...loaded.backend, reason } };
}
