/**
 * Runs a model file through the app's CPU pipeline in Node, as src/engine/cpu-pipeline.ts does after reading a
 * frame's pixels: recognition (with the engine's trial run for symbolic outputs), pre-processing, onnxruntime's
 * WASM backend, decode, NMS and the map back to frame pixels. For the small graphs of tests/support/onnx-builder.ts.
 */
import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../../src/detection/letterbox';
import { postprocess, type ModelDescription } from '../../src/detection/model';
import { readOnnxModelInfo } from '../../src/detection/onnx-metadata';
import { preprocessRgba } from '../../src/detection/preprocess';
import { DEFAULT_OPTIONS, type Detection, type PostprocessOptions } from '../../src/detection/types';
import { describeWithSession, imageStorage, modelFeeds, readOutputs } from '../../src/engine/tensors';

export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** A frame of one colour. */
export function solidImage(width: number, height: number, rgb: [number, number, number] = [90, 120, 150]): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) rgba.set([...rgb, 255], p * 4);
  return { width, height, rgba };
}

export async function detectOnCpu(
  bytes: Uint8Array,
  image: RgbaImage,
  options: Partial<PostprocessOptions> = {},
): Promise<{ model: ModelDescription; detections: Detection[] }> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const model = await describeWithSession(readOnnxModelInfo(bytes), session);
    const { data, dims } = imageStorage(model.preprocess);
    const feeds = modelFeeds(
      model.outputLayout,
      new ort.Tensor(data instanceof Uint8Array ? 'uint8' : 'float32', data, dims),
    );
    const letterbox = computeLetterbox(image.width, image.height, model.preprocess);
    preprocessRgba(image.rgba, letterbox, model.preprocess, data);
    const outputs = await session.run(feeds);
    const { data: decoded } = await readOutputs(model.outputLayout, outputs);
    const detections = postprocess(decoded, model, letterbox, { ...DEFAULT_OPTIONS, ...options });
    return { model, detections };
  } finally {
    await session.release();
  }
}
