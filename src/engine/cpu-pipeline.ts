import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../detection/letterbox';
import { postprocess, type ModelDescription } from '../detection/model';
import { letterboxTaps, preprocessRgba, type LetterboxTaps } from '../detection/preprocess';
import type { Letterbox, PostprocessOptions } from '../detection/types';
import type { Frame } from '../capture/frame';
import { FramePixels } from './frame-pixels';
import type { FramePipeline, PipelineResult } from './pipeline';
import { imageStorage, modelFeeds, readOutputs } from './tensors';

/** Pre-processing and NMS in TypeScript around any execution provider: the WASM path and the GPU path's reference. */
export class CpuPipeline implements FramePipeline {
  readonly kind = 'cpu';
  private readonly pixels = new FramePixels();
  /** The image input tensor's storage, reused every frame. */
  private readonly input: Float32Array | Uint8Array;
  private readonly feeds: Record<string, ort.Tensor>;
  /** Resize taps for the last frame size: camera frames keep one size, so they are computed once. */
  private taps: { key: string; taps: LetterboxTaps } | null = null;

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
    const { rgba, width, height } = this.pixels.read(frame);
    const t1 = performance.now();
    const letterbox = computeLetterbox(width, height, preprocess);
    preprocessRgba(rgba, letterbox, preprocess, this.input, this.tapsFor(letterbox));
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

  private tapsFor(letterbox: Letterbox): LetterboxTaps {
    const key = `${letterbox.frameWidth}x${letterbox.frameHeight}`;
    if (this.taps?.key !== key) this.taps = { key, taps: letterboxTaps(letterbox) };
    return this.taps.taps;
  }

  destroy(): void {}
}
