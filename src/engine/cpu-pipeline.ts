import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../detection/letterbox';
import { postprocess, type ModelDescription } from '../detection/model';
import { letterboxTaps, preprocessRgba, type LetterboxTaps } from '../detection/preprocess';
import type { Letterbox, PostprocessOptions } from '../detection/types';
import type { Frame } from '../capture/frame';
import { FramePixels } from './frame-pixels';
import type { FramePipeline, PipelineResult, PreparedFrame } from './pipeline';
import { imageStorage, modelFeeds, readOutputs } from './tensors';

/** One model input's storage and the feeds that bind it; several let a frame be pre-processed during inference. */
interface InputSlot {
  data: Float32Array | Uint8Array;
  feeds: Record<string, ort.Tensor>;
}

interface CpuPreparedFrame extends PreparedFrame {
  width: number;
  height: number;
  letterbox: Letterbox;
  input: InputSlot;
  captureMs: number;
  preprocessMs: number;
}

/** Pre-processing and NMS in TypeScript around any execution provider: the WASM path and the GPU path's reference. */
export class CpuPipeline implements FramePipeline {
  readonly kind = 'cpu';
  private readonly pixels = new FramePixels();
  /** Input storage not in use, reused frame after frame (two while frames overlap). */
  private readonly freeInputs: InputSlot[] = [];
  /** Resize taps for the last frame size: camera frames keep one size, so they are computed once. */
  private taps: { key: string; taps: LetterboxTaps } | null = null;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly model: ModelDescription,
  ) {}

  prepare(frame: Frame): CpuPreparedFrame {
    const { preprocess } = this.model;
    const t0 = performance.now();
    const { rgba, width, height } = this.pixels.read(frame);
    const t1 = performance.now();
    const letterbox = computeLetterbox(width, height, preprocess);
    const input = this.freeInputs.pop() ?? this.newInput();
    preprocessRgba(rgba, letterbox, preprocess, input.data, this.tapsFor(letterbox));
    const t2 = performance.now();
    return { pipeline: this, width, height, letterbox, input, captureMs: t1 - t0, preprocessMs: t2 - t1 };
  }

  async run(frame: Frame, options: PostprocessOptions, prepared?: PreparedFrame): Promise<PipelineResult> {
    const ready = prepared?.pipeline === this ? (prepared as CpuPreparedFrame) : this.prepare(frame);
    const { width, height, letterbox, input, captureMs, preprocessMs } = ready;
    const t2 = performance.now();
    let outputs: ort.InferenceSession.OnnxValueMapType;
    try {
      outputs = await this.session.run(input.feeds);
    } finally {
      this.freeInputs.push(input);
    }
    const t3 = performance.now();
    try {
      // On WASM this is already JavaScript memory; on WebGPU each output the format reads is downloaded whole.
      const { data, bytes } = await readOutputs(this.model.outputLayout, outputs);
      const t4 = performance.now();
      const detections = postprocess(data, this.model, letterbox, options);
      const t5 = performance.now();
      return {
        width,
        height,
        detections,
        readbackBytes: bytes,
        timings: {
          capture: captureMs,
          preprocess: preprocessMs,
          inference: t3 - t2,
          readback: t4 - t3,
          postprocess: t5 - t4,
          // The frame's own work, not the time a prepared frame waited for the inference before it.
          total: captureMs + preprocessMs + (t5 - t2),
        },
      };
    } finally {
      for (const tensor of Object.values(outputs)) tensor.dispose();
    }
  }

  private newInput(): InputSlot {
    const { data, dims } = imageStorage(this.model.preprocess);
    const image = new ort.Tensor(data instanceof Uint8Array ? 'uint8' : 'float32', data, dims);
    return { data, feeds: modelFeeds(this.model.outputLayout, image) };
  }

  private tapsFor(letterbox: Letterbox): LetterboxTaps {
    const key = `${letterbox.frameWidth}x${letterbox.frameHeight}`;
    if (this.taps?.key !== key) this.taps = { key, taps: letterboxTaps(letterbox) };
    return this.taps.taps;
  }

  destroy(): void {}
}
