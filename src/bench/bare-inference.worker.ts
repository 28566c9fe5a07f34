/**
 * The benchmark's floor: the model alone, `session.run` again and again on the input our pipeline makes from the
 * same image (the app's own CPU capture and pre-processing, done once), in a worker like the app's, with the same threads.
 * Nothing else runs here: no capture, no pre- or post-processing, no messages per frame.
 */
import * as ort from 'onnxruntime-web';
import { wasmThreadCount } from '../app/capabilities';
import { computeLetterbox } from '../detection/letterbox';
import { readOnnxModelInfo } from '../detection/onnx-metadata';
import { normalizeResized } from '../detection/preprocess';
import { FramePixels } from '../engine/frame-pixels';
import { describeWithSession, imageStorage, modelFeeds } from '../engine/tensors';
import type { BackendName } from '../engine/types';

/** `load` once (replies `{ ready: true }`), then `run` any number of times (replies `{ samples }`). */
export type BareMessage = { load: { modelUrl: string; backend: BackendName; image: ImageBitmap } } | { run: number };

/** Milliseconds of each timed `session.run`, outputs included (on WebGPU they come back to the CPU). */
export type BareReply = { ready: true } | { samples: number[] } | { error: string };

let runOnce: (() => Promise<void>) | null = null;

self.onmessage = async ({ data }: MessageEvent<BareMessage>) => {
  try {
    if ('load' in data) {
      runOnce = await load(data.load.modelUrl, data.load.backend, data.load.image);
      reply({ ready: true });
    } else {
      if (!runOnce) throw new Error('No model is loaded');
      const samples: number[] = [];
      for (let i = 0; i < data.run; i++) {
        const start = performance.now();
        await runOnce();
        samples.push(performance.now() - start);
      }
      reply({ samples });
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
};

function reply(message: BareReply): void {
  self.postMessage(message);
}

/** The session and the feeds made once from the image; returns one bare run. */
async function load(modelUrl: string, backend: BackendName, image: ImageBitmap): Promise<() => Promise<void>> {
  ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.href).href;
  ort.env.wasm.numThreads = wasmThreadCount(self.crossOriginIsolated, navigator.hardwareConcurrency);
  ort.env.logLevel = 'error';
  const bytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  const model = await describeWithSession(readOnnxModelInfo(bytes), session);
  const { data, dims } = imageStorage(model.preprocess);
  const letterbox = computeLetterbox(image.width, image.height, model.preprocess);
  normalizeResized(new FramePixels().readResized(image, letterbox), letterbox, model.preprocess, data);
  image.close();
  const feeds = modelFeeds(
    model.outputLayout,
    new ort.Tensor(data instanceof Uint8Array ? 'uint8' : 'float32', data, dims),
  );
  return async () => {
    const outputs = await session.run(feeds);
    for (const tensor of Object.values(outputs)) tensor.dispose();
  };
}
