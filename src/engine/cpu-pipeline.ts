import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../detection/letterbox';
import { postprocess, type ModelDescription } from '../detection/model';
import { preprocessRgba } from '../detection/preprocess';
import type { PostprocessOptions } from '../detection/types';
import { FramePixels, type Frame } from './frame-pixels';
import type { FramePipeline, PipelineResult } from './pipeline';

/** Pre-processing and NMS in TypeScript around any execution provider: the WASM path and the GPU path's reference. */
export class CpuPipeline implements FramePipeline {
  readonly kind = 'cpu';
  private readonly pixels = new FramePixels();
  /** The input tensor's storage, reused every frame. */
  private readonly input: Float32Array;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly model: ModelDescription,
  ) {
    this.input = new Float32Array(3 * model.preprocess.width * model.preprocess.height);
  }

  async run(frame: Frame, options: PostprocessOptions): Promise<PipelineResult> {
    const { preprocess, inputName, layout } = this.model;
    const t0 = performance.now();
    const { rgba, width, height } = this.pixels.read(frame);
    const t1 = performance.now();
    const letterbox = computeLetterbox(width, height, preprocess);
    preprocessRgba(rgba, letterbox, preprocess, this.input);
    const t2 = performance.now();
    const feeds = { [inputName]: new ort.Tensor('float32', this.input, [1, 3, preprocess.height, preprocess.width]) };
    const outputs = await this.session.run(feeds);
    const t3 = performance.now();
    try {
      // On WASM this is already JavaScript memory; on WebGPU it is the whole output tensor read back.
      const output = (await outputs[layout.outputName].getData()) as Float32Array;
      const t4 = performance.now();
      const detections = postprocess(output, this.model, letterbox, options);
      const t5 = performance.now();
      return {
        width,
        height,
        detections,
        readbackBytes: output.byteLength,
        timings: { capture: t1 - t0, preprocess: t2 - t1, inference: t3 - t2, readback: t4 - t3, postprocess: t5 - t4, total: t5 - t0 },
      };
    } finally {
      for (const tensor of Object.values(outputs)) tensor.dispose();
    }
  }

  destroy(): void {}
}
