import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../detection/letterbox';
import { postprocess, type ModelDescription } from '../detection/model';
import { normalizeResized } from '../detection/preprocess';
import type { PostprocessOptions } from '../detection/types';
import { frameSize, type Frame } from '../capture/frame';
import { FramePixels } from './frame-pixels';
import type { FramePipeline, PipelineResult } from './pipeline';
import { imageStorage, modelFeeds, readOutputs } from './tensors';

/**
 * Pre-processing and NMS on the CPU around any execution provider (the WASM path): the browser resizes the frame
 * as it reads it, TypeScript pads and normalises, decodes and suppresses.
 */
export class CpuPipeline implements FramePipeline {
  readonly kind = 'cpu';
  private readonly pixels = new FramePixels();
  /** The image input tensor's storage, reused every frame. */
  private readonly input: Float32Array | Uint8Array;
  private readonly feeds: Record<string, ort.Tensor>;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly model: ModelDescription,
  ) {
    const { data, dims } = imageStorage(model.preprocess);
    this.input = data;
    this.feeds = modelFeeds(
      model.outputLayout,
      new ort.Tensor(data instanceof Uint8Array ? 'uint8' : 'float32', data, dims),
    );
  }

  async run(frame: Frame, options: PostprocessOptions): Promise<PipelineResult> {
    const { preprocess, outputLayout } = this.model;
    const t0 = performance.now();
    const { width, height } = frameSize(frame);
    const letterbox = computeLetterbox(width, height, preprocess);
    const rgba = this.pixels.readResized(frame, letterbox);
    const t1 = performance.now();
    normalizeResized(rgba, letterbox, preprocess, this.input);
    const t2 = performance.now();
    const outputs = await this.session.run(this.feeds);
    const t3 = performance.now();
    try {
      // On WASM this is already JavaScript memory; on WebGPU each output the format reads is downloaded whole.
      const { data, bytes } = await readOutputs(outputLayout, outputs);
      const t4 = performance.now();
      const detections = postprocess(data, this.model, letterbox, options);
      const t5 = performance.now();
      return {
        width,
        height,
        detections,
        readbackBytes: bytes,
        timings: {
          capture: t1 - t0,
          preprocess: t2 - t1,
          inference: t3 - t2,
          readback: t4 - t3,
          postprocess: t5 - t4,
          total: t5 - t0,
        },
      };
    } finally {
      for (const tensor of Object.values(outputs)) tensor.dispose();
    }
  }

  destroy(): void {}
}
