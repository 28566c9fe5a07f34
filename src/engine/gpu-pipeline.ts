import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../detection/letterbox';
import { labelOf, type ModelDescription } from '../detection/model';
import { MAX_DETECTIONS_LIMIT, type PostprocessOptions } from '../detection/types';
import { packedOutputs, type PackedOutput } from '../detection/output-packing';
import { gpuDecodable, GpuPostprocess } from '../gpu/postprocess-pipeline';
import { GpuPreprocess } from '../gpu/preprocess-pipeline';
import { frameSize, type Frame } from '../capture/frame';
import type { FramePipeline, PipelineResult } from './pipeline';
import { modelFeeds } from './tensors';

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
  /** One buffer per output the format reads, written by onnxruntime. */
  private readonly outputBuffers: Array<{ buffer: GPUBuffer; packed: PackedOutput }>;
  /** What the post-processing reads: the only output's own buffer, or all of them copied one after the other. */
  private readonly packed: GPUBuffer;
  private readonly feeds: Record<string, ort.Tensor>;
  private readonly fetches: Record<string, ort.Tensor>;

  constructor(
    private readonly device: GPUDevice,
    private readonly session: ort.InferenceSession,
    private readonly model: ModelDescription,
  ) {
    const { preprocess, outputLayout } = model;
    if (!gpuDecodable(outputLayout)) throw new Error(`the ${outputLayout.format} format has no GPU decode step`);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const layout = packedOutputs(outputLayout);
    this.outputBuffers = layout.outputs.map((packed) => ({
      packed,
      buffer: device.createBuffer({
        label: `model output ${packed.name}`,
        size: Math.ceil(packed.bytes / 4) * 4,
        usage,
      }),
    }));
    this.packed =
      this.outputBuffers.length === 1
        ? this.outputBuffers[0].buffer
        : device.createBuffer({ label: 'model outputs, packed', size: layout.bytes, usage });
    this.preprocess = new GpuPreprocess(device, preprocess);
    this.postprocess = GpuPostprocess.create(device, outputLayout, { maxDetections: MAX_DETECTIONS_LIMIT });
    const image = ort.Tensor.fromGpuBuffer(this.preprocess.input, {
      dataType: preprocess.dtype,
      dims: this.preprocess.dims,
    });
    this.feeds = modelFeeds(outputLayout, image);
    this.fetches = Object.fromEntries(
      this.outputBuffers.map(({ buffer, packed }) => [
        packed.name,
        ort.Tensor.fromGpuBuffer(buffer, { dataType: packed.type as 'float32' | 'int32' | 'int64', dims: packed.dims }),
      ]),
    );
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
    if (this.packed !== this.outputBuffers[0].buffer) {
      for (const { buffer, packed } of this.outputBuffers) {
        postprocessEncoder.copyBufferToBuffer(
          buffer,
          0,
          this.packed,
          packed.byteOffset,
          Math.ceil(packed.bytes / 4) * 4,
        );
      }
    }
    this.postprocess.encode(postprocessEncoder, this.packed, {
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
      timings: {
        capture: t1 - t0,
        preprocess: t2 - t1,
        inference: t3 - t2,
        postprocess: t4 - t3,
        readback: t5 - t4,
        total: t5 - t0,
      },
    };
  }

  destroy(): void {
    this.preprocess.destroy();
    this.postprocess.destroy();
    for (const { buffer } of this.outputBuffers) buffer.destroy();
    if (this.packed !== this.outputBuffers[0].buffer) this.packed.destroy();
  }
}
