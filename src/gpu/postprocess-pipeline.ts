/**
 * GPU post-processing of a model's outputs, which stay on the GPU: decode → threshold → sort → class-aware NMS
 * (skipped for NMS-free models) → boxes in frame pixels, and only a small result buffer (count + at most
 * max-detections boxes) is read back. The same results as the CPU reference postprocess() in
 * src/detection/model.ts, in the same order.
 *
 *   const post = GpuPostprocess.create(device, model.outputLayout, { maxDetections: 300 });
 *   const encoder = device.createCommandEncoder();
 *   post.encode(encoder, outputBuffer, { scoreThreshold, iouThreshold, maxDetections, letterbox, classes });
 *
 * `outputBuffer` holds every output the format reads, one after the other as packedOutputs() places them (a
 * single-output model's own output buffer is already that).
 *   device.queue.submit([encoder.finish()]);
 *   const detections = await post.read();
 *
 * One frame at a time: encode, submit, read, then the next encode. Everything is created once, in create();
 * bind groups for an output buffer are cached per buffer.
 */
import { COCO_CATEGORY_IDS } from '../detection/coco-classes';
import { cocoCategoryToClass } from '../detection/coco-ids';
import type { CategoryLayout } from '../detection/formats/category-ids';
import type { FormatId, OutputLayout, TensorType } from '../detection/formats/format';
import { packable, packedOutputs } from '../detection/output-packing';
import type { Box, Letterbox } from '../detection/types';
import decodeDetr from './decode-detr.wgsl?raw';
import decodeEndToEnd from './decode-end-to-end.wgsl?raw';
import categoryIdsShader from './category-ids.wgsl?raw';
import decodeSsd from './decode-ssd.wgsl?raw';
import decodeTfObjectDetection from './decode-tf-object-detection.wgsl?raw';
import decodeTorchvision from './decode-torchvision.wgsl?raw';
import decodeUltralytics from './decode-ultralytics.wgsl?raw';
import decodeYolox from './decode-yolox.wgsl?raw';
import postprocessShader from './postprocess.wgsl?raw';
import { POSTPROCESS_CONSTANTS, wgslConstants } from './shader-constants';
import { structLayout } from './wgsl-layout';

/**
 * Each format's decode step: a WGSL `fn decode_row(row: u32) -> Decoded` over `output`. A format without one
 * declares `cpuOnly` (the registry test checks that every format has exactly one of the two).
 */
export const DECODERS: Partial<Record<FormatId, string>> = {
  yolox: decodeYolox,
  ultralytics: decodeUltralytics,
  'end-to-end': decodeEndToEnd,
  detr: decodeDetr,
  ssd: decodeSsd,
  'tf-object-detection': decodeTfObjectDetection,
  torchvision: decodeTorchvision,
};

/**
 * How a decode step reads outputs whose type or length recognition leaves open: int64 labels as two words, the rest
 * as f32, `perRow` values per row. A layout that differs runs the CPU pipeline.
 */
const READS: Partial<Record<FormatId, Record<string, { type: TensorType; perRow?: number }>>> = {
  detr: { labels: { type: 'int64' } },
  'tf-object-detection': {
    boxes: { type: 'float32', perRow: 4 },
    classes: { type: 'float32', perRow: 1 },
    scores: { type: 'float32', perRow: 1 },
    count: { type: 'float32' },
  },
  torchvision: {
    boxes: { type: 'float32', perRow: 4 },
    labels: { type: 'int64', perRow: 1 },
    scores: { type: 'float32', perRow: 1 },
  },
};

function readsAsDecoded(layout: OutputLayout): boolean {
  const reads = READS[layout.format] ?? {};
  return layout.outputs.every((o) => {
    const read = reads[o.role];
    const values = o.dims.reduce((a, b) => a * b, 1);
    return !read || (o.type === read.type && (read.perRow === undefined || values === read.perRow * layout.rows));
  });
}

/** Whether the GPU can post-process this layout: a decode step, and outputs it can pack and read. */
export function gpuDecodable(layout: OutputLayout): boolean {
  return DECODERS[layout.format] !== undefined && packable(layout) && readsAsDecoded(layout);
}

export interface GpuPostprocessParams {
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

const {
  WORKGROUP_SIZE,
  MATRIX_BLOCK,
  MATRIX_BLOCK_WORDS,
  RESULT_HEADER_WORDS,
  RESULT_WORDS,
  SORT_TILES_ARGS,
  MERGE_ARGS,
  SUPPRESS_ARGS,
  DISPATCH_ARGS_WORDS,
} = POSTPROCESS_CONSTANTS;
/** Buffer strides of the shader's structs, read from its declarations. */
const CANDIDATE_BYTES = structLayout(postprocessShader, 'Candidate').size;
const SORT_ITEM_BYTES = structLayout(postprocessShader, 'SortItem').size;
const STATE_BYTES = structLayout(postprocessShader, 'State').size;

/** The values per row of the format's main output (YOLO families: the one output; SSD: its scores with background). */
function floatsPerRow(layout: OutputLayout): number {
  switch (layout.format) {
    case 'yolox':
      return 5 + layout.numClasses;
    case 'ultralytics':
      return 4 + layout.numClasses;
    case 'end-to-end':
      return 6;
    case 'ssd':
      return 1 + layout.numClasses;
    default:
      return 1;
  }
}

/**
 * Sizes that follow from the output layout: u32 words of a suppression-matrix row, and vec4<u32>s of the class
 * filter (end-to-end rows carry any class id: the filter covers at least 1024 ids, in whole vec4<u32>s).
 */
function sizesFor(outputLayout: OutputLayout): { matrixWords: number; maskVec4s: number } {
  return {
    matrixWords: Math.ceil(outputLayout.rows / MATRIX_BLOCK) * MATRIX_BLOCK_WORDS,
    maskVec4s: Math.ceil(Math.max(outputLayout.numClasses, 1024) / 128),
  };
}

/**
 * What a format's decoder needs besides the common constants: the category id → class table and its WGSL for
 * formats whose rows carry category ids; whether a TF Object Detection export has num_detections (OUT_COUNT is
 * then its offset, else unused).
 */
function formatCode(layout: OutputLayout, offsets: Record<string, number>): string[] {
  const code: string[] = [];
  if (layout.format === 'tf-object-detection')
    code.push(
      wgslConstants({ HAS_COUNT: 'OUT_COUNT' in offsets, ...('OUT_COUNT' in offsets ? {} : { OUT_COUNT: 0 }) }),
    );
  if ('categoryIds' in layout) {
    const count = Math.max(...COCO_CATEGORY_IDS) + 1;
    const table = Array.from({ length: count }, (_, id) => cocoCategoryToClass(id));
    code.push(
      wgslConstants({
        CATEGORY_IDS_COCO: (layout as CategoryLayout).categoryIds === 'coco',
        COCO_CATEGORY_COUNT: count,
      }),
      `const COCO_CLASS_OF_CATEGORY = array<i32, ${count}>(${table.join(', ')});`,
      categoryIdsShader,
    );
  }
  return code;
}

/** The WGSL compiled for one output layout: the shared and the model's constants, the format's decoder, postprocess.wgsl. */
export function postprocessShaderCode(outputLayout: OutputLayout): string {
  const { matrixWords, maskVec4s } = sizesFor(outputLayout);
  const { strides } = outputLayout;
  const decoder = DECODERS[outputLayout.format];
  if (!decoder) throw new Error(`The ${outputLayout.format} format has no GPU decode step`);
  const offsets = Object.fromEntries(
    packedOutputs(outputLayout).outputs.map((o) => [`OUT_${o.role.toUpperCase()}`, o.wordOffset]),
  );
  return [
    wgslConstants(POSTPROCESS_CONSTANTS),
    wgslConstants({
      ROWS: outputLayout.rows,
      NUM_CLASSES: outputLayout.numClasses,
      INPUT_W: outputLayout.inputWidth,
      INPUT_H: outputLayout.inputHeight,
      OUTPUT_ROW_VALUES: floatsPerRow(outputLayout),
      NEEDS_NMS: outputLayout.needsNms,
      MASK_VEC4S: maskVec4s,
      REMOVED_WORDS: matrixWords,
      ...offsets,
    }),
    ...(strides.length
      ? [
          wgslConstants({ NUM_STRIDES: strides.length }),
          `const STRIDES = array<u32, ${strides.length}>(${strides.map((s) => `${s}u`).join(', ')});`,
        ]
      : []),
    ...formatCode(outputLayout, offsets),
    decoder,
    postprocessShader,
  ].join('\n');
}

export class GpuPostprocess {
  /** Bytes mapped and read per frame. */
  readonly readbackBytes: number;
  /** How many classes the class filter can name (ids 0 .. classFilterCapacity - 1). */
  readonly classFilterCapacity: number;
  private readonly pipelines: Record<
    'decode' | 'plan' | 'sortTiles' | 'merge' | 'suppress' | 'resolve',
    GPUComputePipeline
  >;
  private readonly buffers: GPUBuffer[] = [];
  private readonly params: GPUBuffer;
  private readonly paramsData: ArrayBuffer;
  /** Byte offsets of the members of the shader's Params struct. */
  private readonly paramsOffsets: Record<string, number>;
  private readonly state: GPUBuffer;
  private readonly args: GPUBuffer;
  private readonly results: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly common: GPUBindGroup;
  private readonly argsGroup: GPUBindGroup;
  private readonly outputBindGroupLayout: GPUBindGroupLayout;
  private readonly outputGroups = new WeakMap<GPUBuffer, GPUBindGroup>();
  private pending = false;
  /** Validation errors of create(), reported by the first read() (create() itself is synchronous). */
  private created: Promise<GPUError | null>;

  private constructor(
    readonly device: GPUDevice,
    readonly outputLayout: OutputLayout,
    readonly maxDetections: number,
  ) {
    const rows = outputLayout.rows;
    if (!(rows > 0) || !(maxDetections >= 1) || !Number.isInteger(maxDetections)) {
      throw new Error(`GpuPostprocess needs rows > 0 and an integer maxDetections ≥ 1 (got ${rows}, ${maxDetections})`);
    }
    const { matrixWords, maskVec4s } = sizesFor(outputLayout);
    const matrixBytes = outputLayout.needsNms ? rows * matrixWords * 4 : 16;
    if (matrixBytes > device.limits.maxStorageBufferBindingSize) {
      throw new Error(
        `${rows} rows need a ${matrixBytes}-byte suppression matrix; this device binds at most ${device.limits.maxStorageBufferBindingSize}`,
      );
    }
    this.classFilterCapacity = maskVec4s * 128;

    const paramsLayout = structLayout(postprocessShader, 'Params', { MASK_VEC4S: maskVec4s });
    this.paramsOffsets = paramsLayout.offsets;
    device.pushErrorScope('validation');
    const module = device.createShaderModule({
      label: `postprocess ${outputLayout.format}`,
      code: postprocessShaderCode(outputLayout),
    });

    const storage = (binding: number, type: GPUBufferBindingType = 'storage'): GPUBindGroupLayoutEntry => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type },
    });
    const commonGroupLayout = device.createBindGroupLayout({
      label: 'postprocess common',
      entries: [storage(0, 'uniform'), storage(1), storage(2), storage(3), storage(4), storage(5), storage(6)],
    });
    this.outputBindGroupLayout = device.createBindGroupLayout({
      label: 'postprocess output',
      entries: [storage(0, 'read-only-storage')],
    });
    const argsGroupLayout = device.createBindGroupLayout({ label: 'postprocess dispatch args', entries: [storage(1)] });
    const pipeline = (entryPoint: string, groups: GPUBindGroupLayout[]) =>
      device.createComputePipeline({
        label: `postprocess ${entryPoint}`,
        layout: device.createPipelineLayout({ bindGroupLayouts: groups }),
        compute: { module, entryPoint },
      });
    this.pipelines = {
      decode: pipeline('decode', [commonGroupLayout, this.outputBindGroupLayout]),
      plan: pipeline('plan', [commonGroupLayout, argsGroupLayout]),
      sortTiles: pipeline('sort_tiles', [commonGroupLayout]),
      merge: pipeline('merge', [commonGroupLayout]),
      suppress: pipeline('suppress', [commonGroupLayout]),
      resolve: pipeline('resolve', [commonGroupLayout]),
    };

    const buffer = (label: string, size: number, usage: number) => {
      const b = device.createBuffer({ label: `postprocess ${label}`, size: Math.ceil(size / 4) * 4, usage });
      this.buffers.push(b);
      return b;
    };
    const STORAGE = GPUBufferUsage.STORAGE;
    this.paramsData = new ArrayBuffer(paramsLayout.size);
    this.params = buffer('params', paramsLayout.size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.state = buffer('state', STATE_BYTES, STORAGE | GPUBufferUsage.COPY_DST);
    const candidates = buffer('candidates', rows * CANDIDATE_BYTES, STORAGE);
    const items = buffer('sort items', rows * SORT_ITEM_BYTES, STORAGE);
    const sorted = buffer('sorted', rows * CANDIDATE_BYTES, STORAGE);
    const matrix = buffer('matrix', matrixBytes, STORAGE);
    this.readbackBytes = (RESULT_HEADER_WORDS + maxDetections * RESULT_WORDS) * 4;
    this.results = buffer('results', this.readbackBytes, STORAGE | GPUBufferUsage.COPY_SRC);
    this.staging = buffer('staging', this.readbackBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    // Written by `plan` as storage, then read as INDIRECT: kept out of the common group, which every pass binds.
    this.args = buffer('dispatch args', DISPATCH_ARGS_WORDS * 4, STORAGE | GPUBufferUsage.INDIRECT);

    this.common = device.createBindGroup({
      label: 'postprocess common',
      layout: commonGroupLayout,
      entries: [this.params, this.state, candidates, items, sorted, matrix, this.results].map((b, binding) => ({
        binding,
        resource: { buffer: b },
      })),
    });
    this.argsGroup = device.createBindGroup({
      label: 'postprocess dispatch args',
      layout: argsGroupLayout,
      entries: [{ binding: 1, resource: { buffer: this.args } }],
    });
    this.created = device.popErrorScope();
  }

  /** Builds the shaders, pipelines and buffers for one model output layout. */
  static create(device: GPUDevice, outputLayout: OutputLayout, capacity: { maxDetections: number }): GpuPostprocess {
    return new GpuPostprocess(device, outputLayout, capacity.maxDetections);
  }

  /** Bytes the (packed) output buffer must hold. */
  get outputBytes(): number {
    return packedOutputs(this.outputLayout).bytes;
  }

  /** Appends the whole post-processing of `output` (the outputs packed as packedOutputs() says) and the result read-back copy. */
  encode(encoder: GPUCommandEncoder, output: GPUBuffer, params: GpuPostprocessParams): void {
    if (this.pending || this.staging.mapState !== 'unmapped')
      throw new Error('GpuPostprocess: read() the previous frame before encoding the next');
    if (
      !Number.isInteger(params.maxDetections) ||
      params.maxDetections < 0 ||
      params.maxDetections > this.maxDetections
    ) {
      throw new Error(
        `GpuPostprocess: maxDetections ${params.maxDetections} is outside 0..${this.maxDetections} (the capacity it was created with)`,
      );
    }
    if (output.size < this.outputBytes)
      throw new Error(
        `GpuPostprocess: the output buffer has ${output.size} bytes, the layout needs ${this.outputBytes}`,
      );
    this.writeParams(params);

    let outputGroup = this.outputGroups.get(output);
    if (!outputGroup) {
      outputGroup = this.device.createBindGroup({
        label: 'postprocess output',
        layout: this.outputBindGroupLayout,
        entries: [{ binding: 0, resource: { buffer: output } }],
      });
      this.outputGroups.set(output, outputGroup);
    }

    encoder.clearBuffer(this.state);
    const pass = encoder.beginComputePass({ label: 'postprocess' });
    pass.setBindGroup(0, this.common);
    pass.setPipeline(this.pipelines.decode);
    pass.setBindGroup(1, outputGroup);
    pass.dispatchWorkgroups(Math.ceil(this.outputLayout.rows / WORKGROUP_SIZE));
    pass.setPipeline(this.pipelines.plan);
    pass.setBindGroup(1, this.argsGroup);
    pass.dispatchWorkgroups(1);
    // Sized by plan from the survivor count: no survivors, no work.
    pass.setPipeline(this.pipelines.sortTiles);
    pass.dispatchWorkgroupsIndirect(this.args, SORT_TILES_ARGS * 4);
    pass.setPipeline(this.pipelines.merge);
    pass.dispatchWorkgroupsIndirect(this.args, MERGE_ARGS * 4);
    if (this.outputLayout.needsNms) {
      pass.setPipeline(this.pipelines.suppress);
      pass.dispatchWorkgroupsIndirect(this.args, SUPPRESS_ARGS * 4);
    }
    pass.setPipeline(this.pipelines.resolve);
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(this.results, 0, this.staging, 0, this.readbackBytes);
    this.pending = true;
  }

  /** Maps the result buffer of the last submitted encode (one mapAsync) and returns its detections. */
  async read(): Promise<GpuDetection[]> {
    if (!this.pending) throw new Error('GpuPostprocess: nothing encoded to read');
    try {
      const error = await this.created;
      if (error) throw new Error(`GpuPostprocess (${this.outputLayout.format}): ${error.message}`);
      await this.staging.mapAsync(GPUMapMode.READ, 0, this.readbackBytes);
      const words = this.staging.getMappedRange(0, this.readbackBytes);
      const floats = new Float32Array(words);
      const ints = new Int32Array(words);
      const count = new Uint32Array(words, 0, 1)[0];
      const detections: GpuDetection[] = [];
      for (let n = 0; n < count; n++) {
        const o = RESULT_HEADER_WORDS + n * RESULT_WORDS;
        detections.push({
          classId: ints[o + 5],
          score: floats[o + 4],
          box: [floats[o], floats[o + 1], floats[o + 2], floats[o + 3]],
        });
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

  private writeParams(p: GpuPostprocessParams): void {
    const f32 = new Float32Array(this.paramsData);
    const u32 = new Uint32Array(this.paramsData);
    const at = (member: string) => this.paramsOffsets[member] / 4;
    const lb = p.letterbox;
    u32.fill(0);
    // Float32Array stores Math.fround(threshold): the precision the CPU reference compares scores in.
    f32[at('score_threshold')] = p.scoreThreshold;
    f32[at('iou_threshold')] = p.iouThreshold;
    u32[at('max_detections')] = p.maxDetections;
    u32[at('filter_classes')] = p.classes ? 1 : 0;
    f32[at('pad_x')] = lb.padX;
    f32[at('pad_y')] = lb.padY;
    f32[at('scale')] = lb.scale;
    f32[at('scale') + 1] = lb.scaleY;
    f32[at('frame_w')] = lb.frameWidth;
    f32[at('frame_h')] = lb.frameHeight;
    const mask = at('class_mask');
    for (const c of p.classes ?? []) {
      // Ids the mask cannot hold match nothing here; outside end-to-end models no decoded class has them.
      if (Number.isInteger(c) && c >= 0 && c < this.classFilterCapacity) u32[mask + (c >>> 5)] |= 1 << (c & 31);
    }
    this.device.queue.writeBuffer(this.params, 0, this.paramsData);
  }
}
