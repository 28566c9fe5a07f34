import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../detection/letterbox';
import { labelOf, type ModelDescription } from '../detection/model';
import { MAX_DETECTIONS_LIMIT, type PostprocessOptions } from '../detection/types';
import { GpuPostprocess } from '../gpu/postprocess-pipeline';
import { GpuPreprocess } from '../gpu/preprocess-pipeline';
import { frameSize, type Frame } from '../capture/frame';
import type { FramePipeline, PipelineResult } from './pipeline';

/**
 * The GPU-resident path on onnxruntime's own WebGPU device: frame texture → preprocess.wgsl → model input
 * buffer → inference into a pre-allocated output buffer → post-processing shaders (decode, threshold, NMS) → a few
 * KB of results read back.
 * Every buffer, pipeline and tensor is made here, once per model.
 */
export class GpuPipeline implements FramePipeline {
  readonly kind = 'gpu';
  private readonly preprocess: GpuPreprocess;
  private readonly postprocess: GpuPostprocess;
  private readonly output: GPUBuffer;
  private readonly feeds: Record<string, ort.Tensor>;
  private readonly fetches: Record<string, ort.Tensor>;

  constructor(
    private readonly device: GPUDevice,
    private readonly session: ort.InferenceSession,
    private readonly model: ModelDescription,
  ) {
    const { preprocess, outputLayout, inputName, outputDims } = model;
    this.preprocess = new GpuPreprocess(device, preprocess);
    this.output = device.createBuffer({
      label: 'model output',
      size: outputDims.reduce((a, b) => a * b, 1) * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.postprocess = GpuPostprocess.create(device, outputLayout, { maxDetections: MAX_DETECTIONS_LIMIT });
    const inputDims = [1, 3, preprocess.height, preprocess.width];
    this.feeds = { [inputName]: ort.Tensor.fromGpuBuffer(this.preprocess.input, { dataType: preprocess.dtype, dims: inputDims }) };
    this.fetches = { [outputLayout.outputName]: ort.Tensor.fromGpuBuffer(this.output, { dataType: 'float32', dims: outputDims }) };
  }

  async run(frame: Frame, options: PostprocessOptions): Promise<PipelineResult> {
    const { width, height } = frameSize(frame);
    const letterbox = computeLetterbox(width, height, this.model.preprocess);
    const queue = this.device.queue;
    const t0 = performance.now();
    const encoder = this.device.createCommandEncoder({ label: 'preprocess' });
    this.preprocess.encode(encoder, frame, letterbox);
    const t1 = performance.now();
    queue.submit([encoder.finish()]);
    await queue.onSubmittedWorkDone();
    const t2 = performance.now();
    await this.session.run(this.feeds, this.fetches);
    await queue.onSubmittedWorkDone();
    const t3 = performance.now();
    const postprocessEncoder = this.device.createCommandEncoder({ label: 'postprocess' });
    this.postprocess.encode(postprocessEncoder, this.output, {
      scoreThreshold: options.scoreThreshold,
      iouThreshold: options.iouThreshold,
      maxDetections: options.maxDetections,
      letterbox,
      classes: options.classes ?? null,
    });
    queue.submit([postprocessEncoder.finish()]);
    // Waiting per stage costs a little latency but lets the HUD and the benchmark time each stage.
    await queue.onSubmittedWorkDone();
    const t4 = performance.now();
    const found = await this.postprocess.read();
    const t5 = performance.now();
    return {
      width,
      height,
      detections: found.map((d) => ({ ...d, label: labelOf(this.model, d.classId) })),
      readbackBytes: this.postprocess.readbackBytes,
      timings: { capture: t1 - t0, preprocess: t2 - t1, inference: t3 - t2, postprocess: t4 - t3, readback: t5 - t4, total: t5 - t0 },
    };
  }

  destroy(): void {
    this.preprocess.destroy();
    this.postprocess.destroy();
    this.output.destroy();
  }
}
