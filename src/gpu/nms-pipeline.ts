/**
 * GPU post-processing of one model output, which stays on the GPU: decode → threshold → sort → class-aware NMS,
 * and only a small result buffer (count + at most max-detections boxes in frame pixels) is read back.
 * The same results as the CPU reference postprocess() in src/detection/model.ts, in the same order.
 *
 *   const nms = GpuNms.create(device, model.layout, { maxDetections: 300 });
 *   const encoder = device.createCommandEncoder();
 *   nms.encode(encoder, outputBuffer, { scoreThreshold, iouThreshold, maxDetections, letterbox, classes });
 *   device.queue.submit([encoder.finish()]);
 *   const detections = await nms.read();
 *
 * One frame at a time: encode, submit, read, then the next encode. Everything is created once, in create();
 * bind groups for an output buffer are cached per buffer.
 */
import type { FormatId, OutputLayout } from '../detection/formats/format';
import { postprocess, type ModelDescription } from '../detection/model';
import { MAX_DETECTIONS_LIMIT, type Box, type Letterbox, type PostprocessOptions } from '../detection/types';
import decodeEndToEnd from './decode-end-to-end.wgsl?raw';
import decodeUltralytics from './decode-ultralytics.wgsl?raw';
import decodeYolox from './decode-yolox.wgsl?raw';
import nmsShader from './nms.wgsl?raw';

/** Each format's decode step: a WGSL `fn decode_row(row: u32) -> Decoded` over `output`. */
const DECODERS: Record<FormatId, string> = {
  yolox: decodeYolox,
  ultralytics: decodeUltralytics,
  'end-to-end': decodeEndToEnd,
};

export interface GpuNmsParams {
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  letterbox: Letterbox;
  /** Class ids to keep (before NMS), as PostprocessOptions.classes; null keeps all. */
  classes: readonly number[] | null;
}

export interface GpuDetection {
  classId: number;
  score: number;
  /** Corners in frame pixels. */
  box: Box;
}

const BLOCK = 64; // must match nms.wgsl
const WORKGROUP = 256;
const PARAMS_HEADER_BYTES = 48;
const RESULT_HEADER_WORDS = 4;
const RESULT_WORDS = 6;

/** The values a format's output needs per row, in floats. */
function floatsPerRow(layout: OutputLayout): number {
  switch (layout.format) {
    case 'yolox':
      return 5 + layout.numClasses;
    case 'ultralytics':
      return 4 + layout.numClasses;
    case 'end-to-end':
      return 6;
  }
}

export class GpuNms {
  /** Bytes mapped and read per frame. */
  readonly readbackBytes: number;
  /** How many classes the class filter can name (ids 0 .. classFilterCapacity - 1). */
  readonly classFilterCapacity: number;
  private readonly pipelines: Record<'decode' | 'plan' | 'sortTiles' | 'merge' | 'suppress' | 'resolve', GPUComputePipeline>;
  private readonly buffers: GPUBuffer[] = [];
  private readonly params: GPUBuffer;
  private readonly paramsData: ArrayBuffer;
  private readonly state: GPUBuffer;
  private readonly args: GPUBuffer;
  private readonly results: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly common: GPUBindGroup;
  private readonly argsGroup: GPUBindGroup;
  private readonly outputLayout: GPUBindGroupLayout;
  private readonly outputGroups = new WeakMap<GPUBuffer, GPUBindGroup>();
  private pending = false;
  /** Validation errors of create(), reported by the first read() (create() itself is synchronous). */
  private created: Promise<GPUError | null>;

  private constructor(
    readonly device: GPUDevice,
    readonly layout: OutputLayout,
    readonly maxDetections: number,
  ) {
    const rows = layout.rows;
    if (!(rows > 0) || !(maxDetections >= 1) || !Number.isInteger(maxDetections)) {
      throw new Error(`GpuNms needs rows > 0 and an integer maxDetections ≥ 1 (got ${rows}, ${maxDetections})`);
    }
    const matrixWords = Math.ceil(rows / BLOCK) * 2;
    const matrixBytes = layout.needsNms ? rows * matrixWords * 4 : 16;
    if (matrixBytes > device.limits.maxStorageBufferBindingSize) {
      throw new Error(`${rows} rows need a ${matrixBytes}-byte suppression matrix; this device binds at most ${device.limits.maxStorageBufferBindingSize}`);
    }
    // End-to-end rows carry any class id: the filter covers at least 1024 ids, in whole vec4<u32>s.
    const maskVec4s = Math.ceil(Math.max(layout.numClasses, 1024) / 128);
    this.classFilterCapacity = maskVec4s * 128;

    const header = [
      `const ROWS: u32 = ${rows}u;`,
      `const NUM_CLASSES: u32 = ${layout.numClasses}u;`,
      `const INPUT_W: u32 = ${layout.inputWidth}u;`,
      `const INPUT_H: u32 = ${layout.inputHeight}u;`,
      `const NEEDS_NMS: bool = ${layout.needsNms};`,
      `const MASK_VEC4S: u32 = ${maskVec4s}u;`,
      `const REMOVED_WORDS: u32 = ${matrixWords}u;`,
      ...(layout.strides.length
        ? [`const NUM_STRIDES: u32 = ${layout.strides.length}u;`, `const STRIDES = array<u32, ${layout.strides.length}>(${layout.strides.map((s) => `${s}u`).join(', ')});`]
        : []),
    ].join('\n');
    device.pushErrorScope('validation');
    const module = device.createShaderModule({
      label: `nms ${layout.format}`,
      code: `${header}\n${DECODERS[layout.format]}\n${nmsShader}`,
    });

    const storage = (binding: number, type: GPUBufferBindingType = 'storage'): GPUBindGroupLayoutEntry => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type },
    });
    const commonLayout = device.createBindGroupLayout({
      label: 'nms common',
      entries: [storage(0, 'uniform'), storage(1), storage(2), storage(3), storage(4), storage(5), storage(6)],
    });
    this.outputLayout = device.createBindGroupLayout({ label: 'nms output', entries: [storage(0, 'read-only-storage')] });
    const argsLayout = device.createBindGroupLayout({ label: 'nms dispatch args', entries: [storage(1)] });
    const pipeline = (entryPoint: string, groups: GPUBindGroupLayout[]) =>
      device.createComputePipeline({
        label: `nms ${entryPoint}`,
        layout: device.createPipelineLayout({ bindGroupLayouts: groups }),
        compute: { module, entryPoint },
      });
    this.pipelines = {
      decode: pipeline('decode', [commonLayout, this.outputLayout]),
      plan: pipeline('plan', [commonLayout, argsLayout]),
      sortTiles: pipeline('sort_tiles', [commonLayout]),
      merge: pipeline('merge', [commonLayout]),
      suppress: pipeline('suppress', [commonLayout]),
      resolve: pipeline('resolve', [commonLayout]),
    };

    const buffer = (label: string, size: number, usage: number) => {
      const b = device.createBuffer({ label: `nms ${label}`, size: Math.ceil(size / 4) * 4, usage });
      this.buffers.push(b);
      return b;
    };
    const STORAGE = GPUBufferUsage.STORAGE;
    const paramsBytes = PARAMS_HEADER_BYTES + maskVec4s * 16;
    this.paramsData = new ArrayBuffer(paramsBytes);
    this.params = buffer('params', paramsBytes, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.state = buffer('state', 16, STORAGE | GPUBufferUsage.COPY_DST);
    const candidates = buffer('candidates', rows * 32, STORAGE);
    const items = buffer('sort items', rows * 12, STORAGE);
    const sorted = buffer('sorted', rows * 32, STORAGE);
    const matrix = buffer('matrix', matrixBytes, STORAGE);
    this.readbackBytes = (RESULT_HEADER_WORDS + maxDetections * RESULT_WORDS) * 4;
    this.results = buffer('results', this.readbackBytes, STORAGE | GPUBufferUsage.COPY_SRC);
    this.staging = buffer('staging', this.readbackBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    // Written by `plan` as storage, then read as INDIRECT: kept out of the common group, which every pass binds.
    this.args = buffer('dispatch args', 9 * 4, STORAGE | GPUBufferUsage.INDIRECT);

    this.common = device.createBindGroup({
      label: 'nms common',
      layout: commonLayout,
      entries: [this.params, this.state, candidates, items, sorted, matrix, this.results].map((b, binding) => ({ binding, resource: { buffer: b } })),
    });
    this.argsGroup = device.createBindGroup({ label: 'nms dispatch args', layout: argsLayout, entries: [{ binding: 1, resource: { buffer: this.args } }] });
    this.created = device.popErrorScope();
  }

  /** Builds the shaders, pipelines and buffers for one model output layout. */
  static create(device: GPUDevice, layout: OutputLayout, capacity: { maxDetections: number }): GpuNms {
    return new GpuNms(device, layout, capacity.maxDetections);
  }

  /** Bytes the output buffer must hold. */
  get outputBytes(): number {
    return this.layout.rows * floatsPerRow(this.layout) * 4;
  }

  /** Appends the whole post-processing of `output` (float32, the layout's shape) and the result read-back copy. */
  encode(encoder: GPUCommandEncoder, output: GPUBuffer, params: GpuNmsParams): void {
    if (this.pending || this.staging.mapState !== 'unmapped') throw new Error('GpuNms: read() the previous frame before encoding the next');
    if (!Number.isInteger(params.maxDetections) || params.maxDetections < 0 || params.maxDetections > this.maxDetections) {
      throw new Error(`GpuNms: maxDetections ${params.maxDetections} is outside 0..${this.maxDetections} (the capacity it was created with)`);
    }
    if (output.size < this.outputBytes) throw new Error(`GpuNms: the output buffer has ${output.size} bytes, the layout needs ${this.outputBytes}`);
    this.writeParams(params);

    let outputGroup = this.outputGroups.get(output);
    if (!outputGroup) {
      outputGroup = this.device.createBindGroup({ label: 'nms output', layout: this.outputLayout, entries: [{ binding: 0, resource: { buffer: output } }] });
      this.outputGroups.set(output, outputGroup);
    }

    encoder.clearBuffer(this.state);
    const pass = encoder.beginComputePass({ label: 'nms' });
    pass.setBindGroup(0, this.common);
    pass.setPipeline(this.pipelines.decode);
    pass.setBindGroup(1, outputGroup);
    pass.dispatchWorkgroups(Math.ceil(this.layout.rows / WORKGROUP));
    pass.setPipeline(this.pipelines.plan);
    pass.setBindGroup(1, this.argsGroup);
    pass.dispatchWorkgroups(1);
    // Sized by plan from the survivor count: no survivors, no work.
    pass.setPipeline(this.pipelines.sortTiles);
    pass.dispatchWorkgroupsIndirect(this.args, 0);
    pass.setPipeline(this.pipelines.merge);
    pass.dispatchWorkgroupsIndirect(this.args, 12);
    if (this.layout.needsNms) {
      pass.setPipeline(this.pipelines.suppress);
      pass.dispatchWorkgroupsIndirect(this.args, 24);
    }
    pass.setPipeline(this.pipelines.resolve);
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(this.results, 0, this.staging, 0, this.readbackBytes);
    this.pending = true;
  }

  /** Maps the result buffer of the last submitted encode (one mapAsync) and returns its detections. */
  async read(): Promise<GpuDetection[]> {
    if (!this.pending) throw new Error('GpuNms: nothing encoded to read');
    try {
      const error = await this.created;
      if (error) throw new Error(`GpuNms (${this.layout.format}): ${error.message}`);
      await this.staging.mapAsync(GPUMapMode.READ, 0, this.readbackBytes);
      const words = this.staging.getMappedRange(0, this.readbackBytes);
      const floats = new Float32Array(words);
      const ints = new Int32Array(words);
      const count = new Uint32Array(words, 0, 1)[0];
      const detections: GpuDetection[] = [];
      for (let n = 0; n < count; n++) {
        const o = RESULT_HEADER_WORDS + n * RESULT_WORDS;
        detections.push({ classId: ints[o + 5], score: floats[o + 4], box: [floats[o], floats[o + 1], floats[o + 2], floats[o + 3]] });
      }
      this.staging.unmap();
      return detections;
    } finally {
      this.pending = false;
    }
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
  }

  private writeParams(p: GpuNmsParams): void {
    const f32 = new Float32Array(this.paramsData);
    const u32 = new Uint32Array(this.paramsData);
    const lb = p.letterbox;
    // Float32Array stores Math.fround(threshold): the precision the CPU reference compares scores in.
    f32.set([p.scoreThreshold, p.iouThreshold]);
    u32.set([p.maxDetections, p.classes ? 1 : 0], 2);
    f32.set([lb.padX, lb.padY, lb.scale, 0, lb.frameWidth, lb.frameHeight, 0, 0], 4);
    u32.fill(0, PARAMS_HEADER_BYTES / 4);
    for (const c of p.classes ?? []) {
      // Ids the mask cannot hold match nothing here; outside end-to-end models no decoded class has them.
      if (Number.isInteger(c) && c >= 0 && c < this.classFilterCapacity) u32[PARAMS_HEADER_BYTES / 4 + (c >>> 5)] |= 1 << (c & 31);
    }
    this.device.queue.writeBuffer(this.params, 0, this.paramsData);
  }
}

const uploads = new WeakMap<GpuNms, GPUBuffer>();

/** Tests and benchmarks: uploads `output` into a buffer (one per GpuNms, reused), runs encode + submit + read. */
export async function runGpuNms(nms: GpuNms, output: Float32Array, params: GpuNmsParams): Promise<GpuDetection[]> {
  let buffer = uploads.get(nms);
  if (!buffer) {
    buffer = nms.device.createBuffer({ label: 'nms test output', size: nms.outputBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    uploads.set(nms, buffer);
  }
  if (output.length * 4 !== nms.outputBytes) throw new Error(`runGpuNms: ${output.length} floats, the layout has ${nms.outputBytes / 4}`);
  nms.device.queue.writeBuffer(buffer, 0, output.buffer, output.byteOffset, output.byteLength);
  const encoder = nms.device.createCommandEncoder({ label: 'nms test' });
  nms.encode(encoder, buffer, params);
  nms.device.queue.submit([encoder.finish()]);
  return nms.read();
}

export interface NmsTiming {
  /** Median ms of encode + submit + mapAsync read, the output already on the GPU. */
  gpuMs: number;
  /** Median ms of the CPU reference postprocess() on the same output. */
  cpuMs: number;
  runs: number;
  readbackBytes: number;
  detections: number;
}

/**
 * Times the GPU NMS alone against the CPU postprocess() on the same output (benchmarks): one warm-up run each,
 * then the median of `runs`.
 */
export async function measureNms(
  device: GPUDevice,
  model: ModelDescription,
  output: Float32Array,
  letterbox: Letterbox,
  options: PostprocessOptions,
  runs = 20,
): Promise<NmsTiming> {
  // The app's capacity, so readbackBytes is what a frame really reads back.
  const nms = GpuNms.create(device, model.layout, { maxDetections: MAX_DETECTIONS_LIMIT });
  const params: GpuNmsParams = { ...options, classes: options.classes ?? null, letterbox };
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
  try {
    const detections = (await runGpuNms(nms, output, params)).length; // warm-up, and the upload
    const buffer = uploads.get(nms)!;
    const gpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const encoder = device.createCommandEncoder();
      nms.encode(encoder, buffer, params);
      device.queue.submit([encoder.finish()]);
      await nms.read();
      gpu.push(performance.now() - started);
    }
    postprocess(output, model, letterbox, options);
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      postprocess(output, model, letterbox, options);
      cpu.push(performance.now() - started);
    }
    return { gpuMs: median(gpu), cpuMs: median(cpu), runs, readbackBytes: nms.readbackBytes, detections };
  } finally {
    uploads.get(nms)?.destroy();
    nms.destroy();
  }
}
